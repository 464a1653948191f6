"""The floor under the service's reads in scripts/bench_http.py: bare FastAPI reading the same case and
the same page of cases from the same database, with the fewest statements that can.

    python scripts/floor_app.py DATABASE_URL PORT

`GET /api/v1/cases/{id}` and `GET /api/v1/cases?limit=N` answer the service's JSON (its own
`CaseOut` and `Page` schemas) from SQLAlchemy Core on an autocommit connection: one statement for the
case, two for a page (the cases, then their stakeholders), no ORM, no authorization, no middleware.
The distance between the bare app and this floor is what one trip to the database and the response
model cost any FastAPI service here; the distance from the floor to the service is the service's own.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException, Query
from sqlalchemy import Table, create_engine, select
from sqlalchemy.engine import Engine

from app.cases.models import Case, CaseStakeholder
from app.cases.schemas import CASE_ACTIONS, CaseOut
from app.config import get_settings
from app.governance.loader import load_rules_dir
from app.organizations.models import Organization
from app.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page

CASES: Table = Case.__table__  # type: ignore[assignment]
STAKEHOLDERS: Table = CaseStakeholder.__table__  # type: ignore[assignment]
ORGANIZATIONS: Table = Organization.__table__  # type: ignore[assignment]
# A case's stakeholders with their organizations' names.
NAMED_STAKEHOLDERS = STAKEHOLDERS.join(ORGANIZATIONS, ORGANIZATIONS.c.id == STAKEHOLDERS.c.organization_id)


# The bench reads as the secretariat, which may do everything on every case.
LABELS = {state: spec.label_nb for state, spec in load_rules_dir(get_settings().rules_dir)[1]["case"].states.items()}


def _case_out(row: Mapping[str, Any], stakeholders: Iterable[tuple[uuid.UUID, str]]) -> CaseOut:
    named = sorted(stakeholders)
    return CaseOut.model_validate(
        {
            **row,
            "number": f"{row['sequence']}/{row['year']}",
            "stakeholders_involved": [organization_id for organization_id, _ in named],
            "stakeholders": [{"organization_id": organization_id, "name": name} for organization_id, name in named],
            "status_label_nb": LABELS[row["status"]],
            "can": list(CASE_ACTIONS),
        }
    )


def build(url: str) -> FastAPI:
    engine: Engine = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=20)
    app = FastAPI()
    app.add_api_route("/ready", lambda: {"status": "ready"}, methods=["GET"])

    @app.get("/api/v1/cases/{case_id}", response_model=CaseOut)
    def get_case(case_id: uuid.UUID) -> CaseOut:
        one = (
            select(CASES, STAKEHOLDERS.c.organization_id, ORGANIZATIONS.c.name.label("organization_name"))
            .outerjoin(NAMED_STAKEHOLDERS, STAKEHOLDERS.c.case_id == CASES.c.id)
            .where(CASES.c.id == case_id)
        )
        with engine.connect() as conn:
            rows = conn.execute(one).mappings().all()
        if not rows:
            raise HTTPException(404)
        named = ((r["organization_id"], r["organization_name"]) for r in rows if r["organization_id"] is not None)
        return _case_out(rows[0], named)

    @app.get("/api/v1/cases", response_model=Page[CaseOut])
    def list_cases(limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)) -> Page[CaseOut]:
        page = select(CASES).order_by(CASES.c.created_at, CASES.c.id).limit(limit + 1)
        with engine.connect() as conn:
            rows = conn.execute(page).mappings().all()
            ids = [r["id"] for r in rows[:limit]]
            stakeholders: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
            for case_id, organization_id, name in conn.execute(
                select(STAKEHOLDERS.c.case_id, STAKEHOLDERS.c.organization_id, ORGANIZATIONS.c.name)
                .select_from(NAMED_STAKEHOLDERS)
                .where(STAKEHOLDERS.c.case_id.in_(ids))
            ):
                stakeholders.setdefault(case_id, []).append((organization_id, name))
        items = [_case_out(r, stakeholders.get(r["id"], ())) for r in rows[:limit]]
        # The service's cursor is opaque; one of the same kind of length stands in for it.
        return Page(items=items, next_cursor=str(items[-1].id) if len(rows) > limit else None)

    return app


if __name__ == "__main__":
    uvicorn.run(build(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
