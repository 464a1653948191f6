"""End-to-end accessibility crawl of the public website in headless Chromium.

Starts the service on a free port against a fresh SQLite database with the demo seed, then runs
``node tests/browser/crawl.mjs`` (axe-core, WCAG 2.1 A/AA, lang="nb"). Skips when the browser
harness is not installed: Debian's chromium, Node.js and ``npm ci`` in the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CRAWL = REPO / "tests" / "browser" / "crawl.mjs"
DOCS = REPO / "tests" / "browser" / "docs.mjs"  # the API docs render offline
STAFF_APP = REPO / "tests" / "browser" / "staff_app.mjs"  # the staff app, end to end
FORUM_CYCLE = REPO / "tests" / "browser" / "forum_cycle.mjs"  # a whole forum cycle, each step as its person
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
STARTUP_TIMEOUT_S = 60
CRAWL_TIMEOUT_S = 300

# Runs app.cli.main with the given arguments, whether or not app/cli.py has a __main__ guard.
CLI = [
    sys.executable,
    "-c",
    "import sys; from app.cli import main; sys.argv = ['samordning', *sys.argv[1:]]; sys.exit(main())",
]


def _missing_prerequisite() -> str | None:
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} not found (apt-get install chromium chromium-driver)"
    if shutil.which("node") is None:
        return "node not found on PATH"
    for package in ("playwright-core", "axe-core"):
        if not (REPO / "node_modules" / package).is_dir():
            return f"node_modules/{package} missing (run `npm ci` in the repository)"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_cli(args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run(CLI + args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (
        f"samordning {' '.join(args)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last_error = ""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"server exited with {server.returncode} before answering {url}\n{log.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    pytest.fail(
        f"{url} did not answer 200 within {STARTUP_TIMEOUT_S}s ({last_error})\n{log.read_text(errors='replace')}"
    )


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


@contextmanager
def _service(database_url: str, tmp_path: Path, **settings: str) -> Iterator[tuple[str, dict[str, str], Path]]:
    """`samordning serve` on a free port over a migrated database with the demo seed: its base URL,
    environment and log."""
    env = {**os.environ, "DATABASE_URL": database_url, **settings}
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env["SAMORDNING_PUBLIC_BASE_URL"] = base_url

    _run_cli(["migrate"], env)
    _run_cli(["seed", "--demo"], env)

    log = tmp_path / "server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            CLI + ["serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(f"{base_url}/health", server, log)
            yield base_url, env, log
        finally:
            _stop(server)


def _node(script: Path, base_url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(script)],
        cwd=REPO,
        env={**env, "BASE_URL": base_url},
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT_S,
    )


def test_public_website_is_accessible(tmp_path: Path) -> None:
    reason = _missing_prerequisite()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")

    with _service(f"sqlite:///{tmp_path / 'browser.db'}", tmp_path) as (base_url, env, log):
        crawl = _node(CRAWL, base_url, env)
        docs = _node(DOCS, base_url, env)

    assert crawl.returncode == 0, (
        f"crawl.mjs exited {crawl.returncode}\nstdout:\n{crawl.stdout}\n"
        f"stderr:\n{crawl.stderr}\nserver log:\n{log.read_text(errors='replace')}"
    )
    summary = json.loads(crawl.stdout.strip().splitlines()[-1])
    labels = {p["label"] for p in summary["pages"]}
    for path in ("/sok", "/sok?q=sak", "/tilgjengelighet", "/personvern", "/kontakt"):
        assert {f"{path} @1280px", f"{path} @390px"} <= labels, path
    (keyboard,) = [p for p in summary["pages"] if p["label"] == "keyboard search"]
    assert keyboard["focus"]["id"] == "treff"
    # Swagger UI and ReDoc from the service's own files, under a 'self' script policy.
    assert docs.returncode == 0, f"docs.mjs exited {docs.returncode}\n{docs.stdout}\n{docs.stderr}"


def _forum_chair(database_url: str) -> tuple[str, str]:
    """The name and address of the seeded forum's chair: a person who sits in the forum only."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            name, email = conn.execute(
                text(
                    "SELECT p.name, p.email FROM persons p JOIN memberships m ON m.person_id = p.id "
                    "JOIN bodies b ON b.id = m.body_id WHERE b.kind = 'top_leaders_forum' AND m.role = 'chair'"
                )
            ).one()
    finally:
        engine.dispose()
    return name, email


def test_staff_app_in_chromium(backend: str, fresh_url: str, tmp_path: Path) -> None:
    """The staff app built in web/dist, against one service per database with demo sign-in and an
    OpenID Connect provider (tests/browser/staff_app.mjs: the forum's chair signing in through the
    provider and seeing only what the policy gives, demo sign-in, registering a case, a blocked transition with its
    citations, a document made from a file and a file uploaded as its new version, a subcommittee member's view, a
    forum meeting from planning to approved minutes and its decision's follow-up, axe-core on every screen at two widths); then, on the same service, a whole
    forum cycle with each step signed in as the person the policy gives it to, found at the end on the
    public website (tests/browser/forum_cycle.mjs)."""
    reason = _missing_prerequisite()
    if reason:
        pytest.skip(f"browser test skipped: {reason}")
    if not (REPO / "web" / "dist" / "index.html").is_file():
        pytest.skip("web/dist not built (make test builds it: cd web && npm ci && npm run build)")

    from oidc_provider_mock import run_server_in_thread  # here, where pytest's warning filters apply

    with run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        sign_in = {
            "issuer": issuer,
            "discovery_url": f"{issuer}/.well-known/openid-configuration",
            "audience": "samordning-arbeidsflate",
            "kind": "person",
            "sign_in": True,
            "client_id": "samordning-arbeidsflate",
            "client_secret": "hemmelig",
        }
        settings = {"SAMORDNING_DEMO_SIGNIN": "true", "SAMORDNING_ISSUERS": json.dumps([sign_in])}
        with _service(fresh_url, tmp_path, **settings) as (base_url, env, log):
            name, email = _forum_chair(fresh_url)
            run = _node(STAFF_APP, base_url, {**env, "OIDC_NAME": name, "OIDC_EMAIL": email})
            cycle = _node(FORUM_CYCLE, base_url, env)
        server_log = log.read_text(errors="replace")[-5000:]

    assert run.returncode == 0, (
        f"staff_app.mjs exited {run.returncode}\nstdout:\n{run.stdout}\nstderr:\n{run.stderr}\n"
        f"server log:\n{server_log}"
    )
    assert cycle.returncode == 0, (
        f"forum_cycle.mjs exited {cycle.returncode}\nstdout:\n{cycle.stdout}\nstderr:\n{cycle.stderr}\n"
        f"server log:\n{server_log}"
    )
    assert json.loads(cycle.stdout.strip().splitlines()[-1])["steps"][-1].startswith("public website shows")
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert {
        "logg-inn",
        "saker",
        "registrer-sak",
        "sak",
        "mitt-arbeid",
        "dokumenter",
        "nytt-dokument",
        "dokument-fil",
        "dokument",
        "moter",
        "planlegg-mote",
        "mote-saksliste",
        "mote-endret-saksliste",
        "mote-pagar",
        "mote",
        "vedtak",
        "vedtak-side",
        "underutvalg",
        "underutvalg-side",
        "opprett-underutvalg",
        "arsplaner",
        "registre",
        "organisasjoner",
        "ny-organisasjon",
        "organisasjon",
        "ny-person",
        "personer",
        "person",
        "person-verv",
        "organ-medlemmer",
        "organ-avslutt-verv",
        "varsler",
        "samsvar",
        "revisjonslogg",
        "webhooker",
        "nytt-abonnement",
        "abonnement-hemmelighet",
        "abonnement",
        "mine-okter",
    } <= set(summary["screens"])
