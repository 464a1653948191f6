"""The `samordning` command: migrate, seed, serve, worker, token, session, audit, files, export."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.config import PROJECT_ROOT, get_settings


def _alembic_config(url: str):  # noqa: ANN202
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(_alembic_config(url), revision)


def _cmd_migrate(args: argparse.Namespace) -> int:
    url = get_settings().database_url
    migrate(url, args.revision)
    print(f"database at revision {args.revision}")
    return 0


def _cmd_seed(args: argparse.Namespace) -> int:
    from app.db import database_from_settings
    from app.seed.service import seed

    db = database_from_settings()
    with db.write_sessionmaker.begin() as session:
        summary = seed(session, demo=args.demo)
    print(summary)
    if args.archive or args.archive_cases:
        from app.seed.archive import seed_archive

        print(seed_archive(db, years=args.archive or 1, extra_cases=args.archive_cases))
    db.dispose()
    return 0


# How uvicorn serves the app: behind a proxy, without a `server` header naming the software, and
# without its own access log (app/observability.py writes one with the request id and duration).
SERVER_OPTIONS: dict[str, Any] = {"proxy_headers": True, "server_header": False, "access_log": False}
# Allocations between two collections of the youngest generation (Python's default is 700).
YOUNGEST_GENERATION_THRESHOLD = 10_000


def settle_start_up_heap() -> None:
    """What start-up built (routes, schemas, mappers, rules) lives as long as the process: frozen, no
    collection walks it again. Each full collection did, and stalled every request in flight
    (`GET /cases/{id}` at 16 connections, PostgreSQL: p99 118 → 60 ms; fewer collections of the
    youngest generation then give 5–8 % more requests a second)."""
    gc.collect()  # start-up's own garbage is freed, not frozen
    gc.freeze()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, *gc.get_threshold()[1:])


def unset_base_url_warning(settings: Any, host: str, port: int) -> str | None:
    """Left unset, links name the address the service listens on (app.http.public_base_url): right for
    `make run`, wrong behind a proxy, which is what a service reachable beyond this machine is behind."""
    if "public_base_url" in settings.model_fields_set or host in ("127.0.0.1", "localhost", "::1"):
        return None
    if settings.allowed_hosts:  # answers name the host asked; what is made outside a request cannot
        return (
            "samordning: warning: SAMORDNING_PUBLIC_BASE_URL is not set: answers name the host they were asked "
            f"at (SAMORDNING_ALLOWED_HOSTS), but e-mail and the eInnsyn export name {settings.public_base_url}."
        )
    return (
        f"samordning: warning: neither SAMORDNING_PUBLIC_BASE_URL nor SAMORDNING_ALLOWED_HOSTS is set, so the "
        f"links in feeds, e-mail, webhooks and the eInnsyn export name the address this server listens on "
        f"(port {port}); behind a proxy, set the public address (or the host names it answers at)."
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.governance.loader import RulesFileError
    from app.logs import log_config
    from app.main import create_app

    settings = get_settings()
    try:
        application = create_app()
    except RulesFileError as exc:
        print(f"samordning: refusing to start, the rules are invalid: {exc}", file=sys.stderr)
        return 2
    if base_url_warning := unset_base_url_warning(settings, args.host, args.port):
        print(base_url_warning, file=sys.stderr)
    settle_start_up_heap()
    # On SIGTERM uvicorn stops accepting, lets requests in flight finish, then exits.
    uvicorn.run(
        application,
        host=args.host,
        port=args.port,
        log_config=log_config(settings.log_level),
        timeout_graceful_shutdown=settings.shutdown_timeout,
        **SERVER_OPTIONS,
    )
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from app.db import database_from_settings
    from app.notifications.worker import MailWorker
    from app.webhooks.worker import Worker

    settings = get_settings()
    logging.basicConfig(level=settings.log_level)
    db = database_from_settings()
    stop = threading.Event()
    # SIGTERM (docker stop, make run's Ctrl-C) finishes the delivery in hand, then stops.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    mail = threading.Thread(target=MailWorker(db, settings).run, args=(stop, args.once), name="mail")
    mail.start()
    try:
        Worker(db, settings).run(stop, once=args.once)
    finally:
        mail.join()
        db.dispose()
    return 0


TOKEN_COLUMNS = ["id", "name", "role", "person", "created", "expires", "last used", "revoked"]


def _when(moment: datetime | None, absent: str = "-") -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else absent


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _cmd_token(args: argparse.Namespace) -> int:
    import app.models  # noqa: F401
    from app.auth.service import create_token, list_tokens, revoke_token
    from app.db import database_from_settings
    from app.errors import InvalidInput, NotFound

    db = database_from_settings()
    try:
        with db.write_sessionmaker.begin() as session:
            if args.token_command == "create":
                role = "secretariat" if args.role else "person"
                token, plain = create_token(session, args.name, role, args.person, args.expires_in_days)
                print(
                    f"token {token.id} for {role} {args.name!r}, expires {_when(token.expires_at)} "
                    "(shown once; only its hash is stored):"
                )
                print(plain)
            elif args.token_command == "list":
                _print_table(
                    TOKEN_COLUMNS,
                    [
                        [
                            str(t.id),
                            t.name,
                            t.role,
                            str(t.person_id or "-"),
                            _when(t.created_at),
                            _when(t.expires_at, "never"),
                            _when(t.last_used_at, "never"),
                            _when(t.revoked_at, "no"),
                        ]
                        for t in list_tokens(session)
                    ],
                )
            else:
                token = revoke_token(session, args.id)
                print(f"token {token.id} revoked")
    except (NotFound, InvalidInput) as exc:
        print(f"samordning: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


SESSION_COLUMNS = ["id", "person", "name", "role", "how", "signed in", "last seen", "idle until", "expires", "browser"]


def _cmd_session(args: argparse.Namespace) -> int:
    import app.models  # noqa: F401
    from app.db import database_from_settings
    from app.sessions.service import end_sessions, running_sessions

    db = database_from_settings()
    try:
        with db.write_sessionmaker.begin() as session:
            if args.session_command == "list":
                _print_table(
                    SESSION_COLUMNS,
                    [
                        [
                            str(s.id),
                            str(s.person_id),
                            name,
                            s.role,
                            s.how,
                            _when(s.created_at),
                            _when(s.last_seen_at),
                            _when(s.idle_expires_at),
                            _when(s.expires_at),
                            (s.user_agent or "-")[:40],
                        ]
                        for s, name in running_sessions(session, args.person)
                    ],
                )
                return 0
            if (args.id is None) == (args.person is None):
                print("samordning: name one session id or --person ID", file=sys.stderr)
                return 2
            ended = end_sessions(session, args.id, args.person)
    finally:
        db.dispose()
    if args.id is not None and not ended:
        print(f"samordning: no running session {args.id}", file=sys.stderr)
        return 1
    # Another replica may let an ended session through for the principal cache's seconds.
    print(f"{ended} session(s) ended")
    return 0


def _cmd_files(args: argparse.Namespace) -> int:
    """Exit 1 when a referenced file is missing or corrupt; orphans are listed (they harm nothing)."""
    import app.models  # noqa: F401
    from app.db import database_from_settings
    from app.files.store import store_from_settings
    from app.files.verify import verify

    db = database_from_settings()
    try:
        with db.sessionmaker() as session:
            verdict = verify(session, store_from_settings(get_settings()))
    finally:
        db.dispose()
    for label, hashes in (("missing", verdict.missing), ("corrupt", verdict.corrupt), ("orphan", verdict.orphans)):
        for sha256 in hashes:
            print(f"{label} {sha256}")
    print(
        f"{verdict.referenced} files referenced: {len(verdict.missing)} missing, {len(verdict.corrupt)} corrupt, "
        f"{len(verdict.orphans)} orphans"
    )
    return 0 if verdict.intact else 1


def _cmd_audit(args: argparse.Namespace) -> int:
    import app.models  # noqa: F401
    from app.audit.chain import verify
    from app.db import database_from_settings

    db = database_from_settings()
    try:
        with db.sessionmaker() as session:
            if db.is_postgresql:  # the events and the head as of one moment, while replicas append
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            verdict = verify(session)
    finally:
        db.dispose()
    if verdict.broken:
        print(f"audit log broken at {verdict.broken}; the {verdict.events} events before it are intact")
        return 1
    print(f"audit log intact: {verdict.events} events")
    print(f"last hash: {verdict.last_hash}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    import app.models  # noqa: F401
    from app.db import database_from_settings
    from app.norwegian import OSLO
    from app.publication.einnsyn.export import MessageTooLarge, export

    since = datetime.combine(args.since, time(), tzinfo=OSLO) if args.since else None
    db = database_from_settings()
    sizes = []
    try:
        with db.sessionmaker() as session:
            for path, size in export(session, args.out, get_settings().public_base_url, since):
                print(f"{path} ({size} bytes)")
                sizes.append(size)
    except MessageTooLarge as exc:
        print(f"samordning: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"samordning: cannot write the export to {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"{len(sizes)} eInnsyn messages in {args.out}, the largest {max(sizes, default=0)} bytes")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from app.auth.service import DEFAULT_EXPIRY_DAYS

    parser = argparse.ArgumentParser(prog="samordning", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("migrate", help="apply Alembic migrations to DATABASE_URL")
    p.add_argument("--revision", default="head")
    p.set_defaults(func=_cmd_migrate)

    p = sub.add_parser("seed", help="load the arrangement from the source (idempotent)")
    p.add_argument("--demo", action="store_true", help="also add made-up people, meetings and cases")
    p.add_argument(
        "--archive",
        type=int,
        default=0,
        metavar="YEARS",
        help="also add YEARS of made-up meetings, cases, decisions and minutes (for benchmarks)",
    )
    p.add_argument(
        "--archive-cases",
        type=int,
        default=0,
        metavar="N",
        help="and N more registered cases spread over those years (stress test)",
    )
    p.set_defaults(func=_cmd_seed)

    p = sub.add_parser("serve", help="run the API and the website")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser(
        "worker", help="deliver webhooks and send e-mail from the outboxes (run beside the server; several may run)"
    )
    p.add_argument("--once", action="store_true", help="stop when nothing is due instead of waiting for more")
    p.set_defaults(func=_cmd_worker)

    p = sub.add_parser("token", help="manage bearer tokens")
    tsub = p.add_subparsers(dest="token_command", required=True)
    c = tsub.add_parser("create", help="print a new token on the last line of stdout")
    who = c.add_mutually_exclusive_group(required=True)
    who.add_argument("--role", choices=["secretariat"])
    who.add_argument("--person", type=uuid.UUID, help="id of the person the token acts for")
    c.add_argument("--name", required=True)
    c.add_argument(
        "--expires-in-days",
        type=int,
        default=DEFAULT_EXPIRY_DAYS,
        metavar="N",
        help=f"days until the token stops working (default {DEFAULT_EXPIRY_DAYS})",
    )
    tsub.add_parser("list", help="every token: id, name, role, person, created, expires, last used, revoked")
    r = tsub.add_parser("revoke", help="revoke a token by id")
    r.add_argument("id", type=uuid.UUID)
    p.set_defaults(func=_cmd_token)

    p = sub.add_parser("session", help="list and end the staff app's sign-in sessions")
    ssub = p.add_subparsers(dest="session_command", required=True)
    s = ssub.add_parser("list", help="running sessions: id, person, role, since, last seen, expiry")
    s.add_argument("--person", type=uuid.UUID, help="only this person's")
    s = ssub.add_parser("end", help="end a session by id, or every session of a person (--person ID)")
    s.add_argument("id", type=uuid.UUID, nargs="?")
    s.add_argument("--person", type=uuid.UUID)
    p.set_defaults(func=_cmd_session)

    p = sub.add_parser("audit", help="check the audit log")
    asub = p.add_subparsers(dest="audit_command", required=True)
    asub.add_parser("verify", help="walk the hash chain of the audit log and name the first broken link")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("files", help="check the documents' file store")
    fsub = p.add_subparsers(dest="files_command", required=True)
    fsub.add_parser("verify", help="rehash every referenced file; list missing, corrupt and orphaned ones")
    p.set_defaults(func=_cmd_files)

    p = sub.add_parser("export", help="export the public record in a national format")
    esub = p.add_subparsers(dest="export_format", required=True)
    e = esub.add_parser("einnsyn", help="one eInnsyn message (JSON-LD, Noark 5) per published meeting")
    e.add_argument(
        "--since",
        type=date.fromisoformat,
        metavar="DATE",
        help="only meetings whose public record changed on or after this day (YYYY-MM-DD, Oslo time)",
    )
    e.add_argument(
        "--out",
        type=Path,
        default=Path("einnsyn"),
        metavar="DIR",
        help="directory for the files, <meeting id>.jsonld (default ./einnsyn)",
    )
    p.set_defaults(func=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
