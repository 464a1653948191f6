"""publication.closed_meeting: refused before a publication is written, reported by /compliance."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
import yaml

from app.documents.models import Document
from app.publication.models import Publication
from tests.flows import (
    forum_meeting,
    ok,
    post_transition,
    prepared_case,
    put_on_agenda,
    rule_ids,
)
from tests.publication_scenario import Scenario

RULE = "publication.closed_meeting"


def _compliance(api) -> list[dict]:  # noqa: ANN001
    return [f for f in ok(api.get("/api/v1/compliance"))["findings"] if f["rule"] == RULE]


@pytest.fixture
def rules_dir(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The real rules, with `kinds` narrowed when a test parametrizes this fixture indirectly."""
    copy = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", copy)
    kinds = getattr(request, "param", None)
    if kinds:
        path = copy / "publication.yaml"
        data = yaml.safe_load(path.read_text())
        data["rules"][0]["parameters"]["kinds"] = list(kinds)
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return copy


@pytest.mark.parametrize(
    "rules_dir", [("case_document", "minutes", "decision", "delivery", "annual_plan")], indirect=True
)
def test_convening_is_refused_when_agendas_may_not_be_published(api, seeded):
    case = prepared_case(api, seeded)
    meeting = forum_meeting(api, seeded)
    put_on_agenda(api, meeting["id"], case["id"])
    r = post_transition(api, f"/api/v1/meetings/{meeting['id']}/transitions/convene")
    assert r.status_code == 409 and rule_ids(r) == [RULE]
    assert r.json()["violations"][0]["entities"][0]["type"] == "meeting"
    # Nothing changed: the meeting is still planned and nothing is public.
    assert ok(api.get(f"/api/v1/meetings/{meeting['id']}"))["status"] == "planned"
    assert ok(api.get("/api/v1/public/meetings"))["items"] == []


def test_compliance_holds_after_a_normal_cycle(app, api):
    Scenario(app.state.db, app.state.engine).setup().convene().hold_and_approve().deliver_and_plan()
    assert _compliance(api) == []


def test_compliance_reports_content_published_outside_the_events(app, api):
    scenario = Scenario(app.state.db, app.state.engine).setup().convene()
    with app.state.db.write_sessionmaker.begin() as session:
        session.get(Document, scenario.ids["draft"]).published_at = session.get(
            Document, scenario.ids["presentation"]
        ).published_at
        session.get(Document, scenario.ids["presentation"]).public = False  # withheld after publication
        pub = session.query(Publication).filter_by(kind="agenda").one()
        session.add(
            Publication(
                kind="minutes",
                entity_type="document",
                entity_id=scenario.ids["minutes"],
                title="Referat",
                meeting_id=pub.meeting_id,
                trigger="manual",
            )
        )
    (finding,) = _compliance(api)
    assert finding["citation"].startswith("«Møtene er ikke offentlige")
    flagged = {e["id"] for e in finding["entities"]}
    assert flagged == {str(scenario.ids[k]) for k in ("draft", "presentation", "minutes")}
    assert "minutes of a meeting that is convened" in finding["detail"]


@pytest.mark.parametrize(
    "rules_dir", [("agenda", "case_document", "minutes", "decision", "follow_up", "delivery")], indirect=True
)
def test_compliance_judges_every_publication_in_the_database(app, api):
    """The record is filtered in SQL (only what may be wrong is read): every way of being wrong is
    still found — a kind the rules do not allow, a kind pointing at the wrong entity, and a kind
    that belongs to a meeting without one."""
    scenario = Scenario(app.state.db, app.state.engine).setup().convene().hold_and_approve()
    assert _compliance(api) == []
    with app.state.db.write_sessionmaker.begin() as session:
        agenda = session.query(Publication).filter_by(kind="agenda").one()
        wrong = {
            "annual_plan": ("annual_plan", uuid.uuid4(), None),
            "agenda": ("document", scenario.ids["draft"], agenda.meeting_id),
            "follow_up": ("decision", scenario.ids["decision"], None),
        }
        for kind, (entity_type, entity_id, meeting_id) in wrong.items():
            session.add(
                Publication(
                    kind=kind,
                    entity_type=entity_type,
                    entity_id=entity_id,
                    title=kind,
                    meeting_id=meeting_id,
                    trigger="manual",
                )
            )
    (finding,) = _compliance(api)
    assert sorted(finding["detail"].split("; ")) == [
        "'annual_plan' is not a kind of publication the rules allow "
        "(agenda, case_document, decision, delivery, follow_up, minutes)",
        "a agenda publication cannot point at a document",
        "follow_up of a meeting that is unknown",
    ]
