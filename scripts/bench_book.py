"""Seconds to print the meeting book (møtebok): 10 cases with a 20-page PDF each, printed cold, then
served warm from the copy kept in the file store.

    python scripts/bench_book.py [--database sqlite|postgresql] [--cases 10] [--pages 20]

Runs `samordning serve` as its own process on a throwaway database (a temporary SQLite file, or a
PostgreSQL database it creates and drops on 127.0.0.1) with the local file store in a temporary
folder; over HTTP it prepares the cases (presentation and knowledge base as text, a PDF report of
`--pages` pages each, made with WeasyPrint), puts them on a forum meeting's agenda and convenes it,
then GETs the members' and the public book twice each and prints the seconds and the pages. Timings
are for the note, never for a test.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_files import on_database, served  # noqa: E402


def _pages_pdf(count: int, label: str) -> bytes:
    import weasyprint

    body = "".join(
        f"<section style='break-after: page'><h1>{label}, side {n}</h1>{'<p>Tekst i saksdokumentet, som i et saksfremlegg.</p>' * 20}</section>"
        for n in range(1, count + 1)
    )
    return weasyprint.HTML(string=body).write_pdf()


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.status_code} {response.text[:300]}"
    return response.json() if response.content else None


def _changed(client: httpx.Client, path: str, method: str, target: str, **kw: Any) -> Any:
    """A write with If-Match from a fresh read of `path`, as a client changing what it has read."""
    headers = {"If-Match": client.get(path).headers["etag"]}
    return client.request(method, target, headers=headers, **kw)


def _prepared_case(client: httpx.Client, au: str, organization: str, n: int, report: bytes) -> str:
    payload = {
        "owner_body_id": au,
        "title": f"Sak {n} til benchmark",
        "kind": "decision",
        "strategic_rationale": "Berører alle virksomhetene.",
        "stakeholders_involved": [organization],
    }
    case = _ok(client.post("/api/v1/cases", json=payload), 201)["id"]
    for kind, body in (("case_presentation", "## Bakgrunn\n\nSaksfremlegg."), ("knowledge_base", ""), ("report", "")):
        doc = {"kind": kind, "owner_body_id": au, "title": f"{kind} {n}", "body": body}
        doc_id = _ok(client.post("/api/v1/documents", json=doc), 201)["id"]
        _ok(client.post(f"/api/v1/cases/{case}/documents", json={"document_id": doc_id}), 201)
        if kind == "report":
            path = f"/api/v1/documents/{doc_id}"
            files = {"file": (f"rapport-{n}.pdf", report, "application/pdf")}
            _ok(_changed(client, path, "POST", f"{path}/files", files=files), 201)
    for name in ("start_preparation", "prepare"):
        path = f"/api/v1/cases/{case}"
        _ok(_changed(client, path, "POST", f"{path}/transitions/{name}"))
    return case


def _timed(client: httpx.Client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    r = client.get(path)
    seconds = time.perf_counter() - started
    assert r.status_code == 200, f"{path}: {r.status_code} {r.text[:300]}"
    return seconds, len(PdfReader(io.BytesIO(r.content)).pages)


def run(database_url: str, cases: int, pages: int, work: Path) -> None:
    with served(database_url, work) as (client, _):
        bodies = {b["kind"]: b["id"] for b in _ok(client.get("/api/v1/bodies"))["items"]}
        organization = _ok(client.get("/api/v1/organizations"))["items"][0]["id"]
        report = _pages_pdf(pages, "Rapport")
        ids = [_prepared_case(client, bodies["working_committee"], organization, n, report) for n in range(cases)]
        starts = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0).isoformat()
        meeting = _ok(
            client.post("/api/v1/meetings", json={"body_id": bodies["top_leaders_forum"], "starts_at": starts}),
            201,
        )["id"]
        for case in ids:
            _ok(client.post(f"/api/v1/meetings/{meeting}/agenda", json={"case_id": case}), 201)
        path = f"/api/v1/meetings/{meeting}"
        _ok(_changed(client, path, "POST", f"{path}/transitions/convene"))
        for label, book in (
            ("members'", f"{path}/moetebok.pdf"),
            ("public", f"/api/v1/public/meetings/{meeting}/moetebok.pdf"),
        ):
            cold, count = _timed(client, book)
            warm, _ = _timed(client, book)
            print(
                f"{label:>9} book, {cases} cases × {pages} pages ({count} pages): cold {cold:.2f} s, warm {warm:.3f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--cases", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        on_database(args.database, work, lambda url: run(url, args.cases, args.pages, work))


if __name__ == "__main__":
    main()
