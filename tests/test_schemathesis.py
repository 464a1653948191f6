"""schemathesis `--checks all` against a live server: every answer is one the OpenAPI document allows,
schema-violating input is refused and schema-valid input is not refused for its shape
(tests/contract/schemathesis.toml says which refusals are about meaning). Fixed seed, bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_token

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tests" / "contract" / "schemathesis.toml"
REPORTS = ROOT / "tests" / "output" / "schemathesis"  # the JUnit report of the last run
BUDGET_SECONDS = 1500


def test_schemathesis_finds_no_failure(backend, server_url, database, demo_seeded) -> None:  # noqa: ANN001
    if backend == "sqlite" and os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("runs once per test session: on PostgreSQL, which refuses more than SQLite")
    schemathesis = Path(sys.executable).parent / "schemathesis"
    if not schemathesis.exists():
        pytest.skip("schemathesis is not installed here (make venv installs it)")
    command = [
        str(schemathesis),
        "--config-file",
        str(CONFIG),
        "run",
        f"{server_url}/openapi.json",
        "--url",
        server_url,
        "-H",
        f"Authorization: Bearer {make_token(database)}",
        "--checks",
        "all",
        "--seed",
        "1",
        "--max-examples",
        "30",
        "--report",
        "junit",
        "--report-dir",
        str(REPORTS),
        "--no-color",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=BUDGET_SECONDS, check=False)
    summary = done.stdout[done.stdout.rfind("SUMMARY") :]
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "generated" in summary and "failures" not in summary, summary
