"""The committed OpenAPI document is what the app generates, and it covers the paths API.md fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.openapi import render

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


@pytest.fixture(scope="module")
def rendered() -> str:
    return render()


def test_committed_openapi_is_current(rendered: str) -> None:
    assert COMMITTED.exists(), "openapi/openapi.json is missing: run make openapi"
    if COMMITTED.read_text(encoding="utf-8") != rendered:
        pytest.fail("openapi/openapi.json differs from what the app generates: run make openapi")


def test_every_operation_has_a_summary(rendered: str) -> None:
    paths = json.loads(rendered)["paths"]
    missing = [f"{m.upper()} {p}" for p, ops in paths.items() for m, op in ops.items() if not op.get("summary")]
    assert missing == []
