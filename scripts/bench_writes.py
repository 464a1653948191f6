"""Write throughput: POST /api/v1/organizations from several threads against a real server.

    python scripts/bench_writes.py [--requests 200] [--threads 8]

Migrates and seeds DATABASE_URL (by default a temporary SQLite file), starts `samordning serve` in a
process of its own, sends REQUESTS creations from THREADS threads (after a few to warm up) and prints
requests/s and p50/p95 latency. Point DATABASE_URL only at a throwaway database: the rows stay.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.auth.service import create_token  # noqa: E402
from app.cli import migrate  # noqa: E402
from app.db import Database  # noqa: E402
from app.seed.service import seed  # noqa: E402

WARM_UP = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, port: int, log: Path, root: Path = ROOT) -> subprocess.Popen:
    """`samordning serve` of the checkout at `root` in a process of its own, its output (one line per
    request) in `log`."""
    env = {**os.environ, "DATABASE_URL": url}
    # Another checkout runs with what it installs (its own .venv when it has one), not with ours.
    python = root / ".venv" / "bin" / "python"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(python) if python.exists() else sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return ready(server, port, log)


def ready(server: subprocess.Popen, port: int, log: Path) -> subprocess.Popen:
    """`server` once it answers `/ready` on `port`; its `log` as the error if it does not within 30 s."""
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready").status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit(f"the server did not start:\n{log.read_text()}")
        time.sleep(0.1)


def post_all(base: str, token: str, count: int, threads: int) -> tuple[float, list[float]]:
    """Seconds for all `count` POSTs and each one's latency; any status but 201 fails the run."""
    run, numbers, lock = uuid.uuid4().hex[:8], iter(range(count)), threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []

    def work() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            while True:
                with lock:
                    i = next(numbers, None)
                if i is None:
                    return
                start = time.perf_counter()
                r = client.post("/api/v1/organizations", json={"name": f"Skriveprøve {run}-{i}"})
                latencies.append(time.perf_counter() - start)
                if r.status_code != 201:
                    failures.append(f"POST answered {r.status_code}: {r.text}")

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if failures:
        raise SystemExit(failures[0])
    return time.perf_counter() - start, latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="samordning-bench-writes-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    migrate(url)
    db = Database(url)
    with db.write_sessionmaker.begin() as session:
        seed(session)
        _, token = create_token(session, "bench-writes", "secretariat")
    db.dispose()

    port = free_port()
    server = serve(url, port, Path(tmp.name) / "server.log")
    try:
        base = f"http://127.0.0.1:{port}"
        post_all(base, token, WARM_UP, 1)
        seconds, latencies = post_all(base, token, args.requests, args.threads)
    finally:
        server.terminate()
        server.wait()
        tmp.cleanup()
    latencies.sort()
    print(
        f"{db.engine.url.get_backend_name()}: {args.requests} POST /api/v1/organizations from {args.threads} "
        f"threads: {args.requests / seconds:.0f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[round(0.95 * (len(latencies) - 1))] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
