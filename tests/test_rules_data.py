"""Workflows are data: an edited copy of rules/ changes behaviour without touching code."""

import shutil
from pathlib import Path

import pytest
import yaml

from tests.flows import (
    attach,
    au_case,
    document,
    ok,
    post_transition,
    rule_ids,
    transition,
)

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture
def rules_dir(tmp_path):
    edited = tmp_path / "rules"
    shutil.copytree(RULES, edited)
    lifecycles = edited / "lifecycles.yaml"
    data = yaml.safe_load(lifecycles.read_text(encoding="utf-8"))
    prepare = data["workflows"]["case"]["transitions"]["prepare"]
    prepare["guards"].remove("case.prepare.knowledge_base")  # a guard taken off a transition
    lifecycles.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cases = edited / "cases.yaml"
    data = yaml.safe_load(cases.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] == "case.prepare.requires_strategic_rationale":
            rule["enabled"] = False  # a rule switched off
    cases.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    meetings = edited / "meetings.yaml"
    data = yaml.safe_load(meetings.read_text(encoding="utf-8"))
    for rule in data["rules"]:
        if rule["id"] == "project_board.meeting_interval":
            rule["parameters"]["max_weeks"] = 10  # a parameter changed
    meetings.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return edited


def test_edited_rules_change_behaviour(api, seeded):
    case = au_case(api, seeded, stakeholders_involved=[seeded.organizations["Helsedirektoratet"]])
    attach(api, case["id"], document(api, "case_presentation"))
    transition(api, "case", case["id"], "start_preparation")
    r = post_transition(api, f"/api/v1/cases/{case['id']}/transitions/prepare")
    # No rationale and no knowledge base, yet prepared without a word: both rules are out of play.
    assert r.status_code == 200 and r.json()["warnings"] == []

    board = seeded.project_board
    ok(api.post("/api/v1/meetings", json={"body_id": board, "starts_at": "2030-01-07T10:00:00+01:00"}), 201)
    nine_weeks = ok(
        api.post("/api/v1/meetings", json={"body_id": board, "starts_at": "2030-03-11T10:00:00+01:00"}), 201
    )
    assert nine_weeks["warnings"] == []
    eleven = api.post("/api/v1/meetings", json={"body_id": board, "starts_at": "2030-05-27T10:00:00+02:00"})
    assert rule_ids(eleven, "warnings") == ["project_board.meeting_interval"]
    assert "10" in eleven.json()["warnings"][0]["message"]
    rule = ok(api.get("/api/v1/rules/project_board.meeting_interval"))
    assert rule["parameters"] == {"min_weeks": 6, "max_weeks": 10}


def test_a_rule_without_a_guard_stops_start_up(tmp_path, database):
    from app.governance.loader import RulesFileError
    from app.main import create_app

    edited = tmp_path / "rules"
    shutil.copytree(RULES, edited)
    (edited / "extra.yaml").write_text(
        "rules:\n  - id: case.prepare.unknown\n    severity: error\n    title: x\n"
        "    message: {nb: x, en: x}\n    citation: x\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesFileError, match="case.prepare.unknown"):
        create_app(database=database, rules_dir=edited)
