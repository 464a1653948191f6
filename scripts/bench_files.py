"""Upload and download throughput of documents' files, and the server's peak memory while it moves them.

    python scripts/bench_files.py [--database sqlite|postgresql] [--sizes 5 20 40]

Runs `samordning serve` as its own process on a throwaway database (a temporary SQLite file, or a
PostgreSQL database it creates and drops on 127.0.0.1) with the local file store in a temporary
folder, uploads a file of each size (MB) as a new document version over HTTP, downloads it, and
prints MB/s each way and the server's peak resident memory (VmHWM) after each size: it must not grow
with the file size, since uploads are streamed to disk and downloads streamed from it. Timings are
for the note, never for a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _fake_pdf(path: Path, megabytes: int) -> None:
    with path.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        for _ in range(megabytes):
            f.write(os.urandom(1 << 20))
        f.write(b"\n%%EOF\n")


def _samordning(env: dict[str, str], *args: str) -> str:
    return subprocess.run([BIN / "samordning", *args], env=env, check=True, capture_output=True, text=True).stdout


@contextlib.contextmanager
def served(database_url: str, work: Path, **settings: str) -> Iterator[tuple[httpx.Client, subprocess.Popen]]:
    """`samordning serve` on the database (migrated and seeded) with the local store in `work`, and a
    client signed in as the secretariat; the server stops after."""
    env = {**os.environ, "DATABASE_URL": database_url, "SAMORDNING_FILES_DIR": str(work / "files"), **settings}
    _samordning(env, "migrate")
    _samordning(env, "seed")
    token = _samordning(env, "token", "create", "--role", "secretariat", "--name", "bench").strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "samordning", "serve", "--port", str(port)], env={**env, "LOG_LEVEL": "WARNING"}, cwd=work
    )
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=600) as client:
            for _ in range(600):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(database_url: str, sizes: list[int], work: Path) -> None:
    with served(database_url, work, SAMORDNING_MAX_FILE_BYTES=str((max(sizes) + 1) << 20)) as (client, server):
        au = client.get("/api/v1/bodies", params={"kind": "working_committee"}).json()["items"][0]["id"]
        print(f"server at start: peak RSS {_peak_rss_mb(server.pid):.0f} MB")
        for megabytes in sizes:
            source = work / f"{megabytes}.pdf"
            _fake_pdf(source, megabytes)
            doc = client.post("/api/v1/documents", json={"kind": "report", "owner_body_id": au, "title": "Bench"})
            etag = client.get(f"/api/v1/documents/{doc.json()['id']}").headers["etag"]
            with source.open("rb") as f:
                started = time.perf_counter()
                r = client.post(
                    f"/api/v1/documents/{doc.json()['id']}/files",
                    files={"file": ("bench.pdf", f, "application/pdf")},
                    headers={"If-Match": etag},
                )
                up = time.perf_counter() - started
            assert r.status_code == 201, r.text
            after_upload = _peak_rss_mb(server.pid)
            started = time.perf_counter()
            got = 0
            with client.stream("GET", r.headers["location"] + "/file") as response:
                for chunk in response.iter_bytes():
                    got += len(chunk)
            down = time.perf_counter() - started
            assert got == source.stat().st_size
            mb = got / (1 << 20)
            print(
                f"{megabytes:>4} MB: upload {mb / up:7.1f} MB/s, download {mb / down:7.1f} MB/s; "
                f"server peak RSS {after_upload:.0f} MB after the upload, {_peak_rss_mb(server.pid):.0f} MB after the download"
            )
            source.unlink()


def on_database(database: str, work: Path, run: Callable[[str], None]) -> None:
    """`run` with the URL of a throwaway database: a SQLite file in `work`, or a PostgreSQL database
    created on 127.0.0.1 and dropped after."""
    if database == "sqlite":
        print("SQLite, local store")
        run(f"sqlite:///{work / 'bench.db'}")
        return
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        print("PostgreSQL, local store")
        run(f"{PG_SERVER}/{name}")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 40])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        on_database(args.database, work, lambda url: run(url, args.sizes, work))


if __name__ == "__main__":
    main()
