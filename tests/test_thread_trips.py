"""Trips to the thread pool per request: each costs more than most of what a read does there
(app/routing.py, app/context.py, app/db.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import anyio.to_thread

from tests.flows import au_case, etag


@contextmanager
def trips(monkeypatch) -> Iterator[list[str]]:  # noqa: ANN001
    made: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        made.append(getattr(getattr(func, "func", func), "__qualname__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    yield made


def test_a_read_by_a_known_caller_makes_one_trip(api, seeded, monkeypatch) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    assert api.get(f"/api/v1/cases/{case['id']}").status_code == 200  # the token is now known
    with trips(monkeypatch) as made:
        assert api.get(f"/api/v1/cases/{case['id']}").status_code == 200
    assert made == ["get_case"], made  # the route; not its context, its result's validation or its end
    with trips(monkeypatch) as made:
        assert api.get("/api/v1/cases", params={"limit": 5}).status_code == 200
    assert made == ["list_cases"], made


def test_a_write_makes_two_the_route_and_its_commit(api, seeded, monkeypatch) -> None:  # noqa: ANN001
    case = au_case(api, seeded)
    path = f"/api/v1/cases/{case['id']}"
    current = etag(api, path)
    with trips(monkeypatch) as made:
        r = api.patch(path, json={"summary": "Kort."}, headers={"If-Match": current})
    assert r.status_code == 200, r.text
    assert made == ["update_case", "_end"], made
