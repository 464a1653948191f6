"""Start-up validation of rules/*.yaml, and the catalogue as the API shows it.

A broken copy of rules/ must stop the service before it serves anything, with a message that names
the file or the entry to fix.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from app.cli import YOUNGEST_GENERATION_THRESHOLD, main
from app.config import get_settings
from app.governance.loader import RulesFileError
from app.governance.registry import REGISTRY
from app.main import create_app, discover_routers
from tests.conftest import bearer, make_token

RULES = Path(__file__).resolve().parent.parent / "rules"
LIFECYCLES = "lifecycles.yaml"
ORDER_RULE = "case.transition.order"  # defined in lifecycles.yaml


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(RULES, tmp_path / "rules"))


def _edit(rules: Path, filename: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = rules / filename
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _rule(content: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in content["rules"] if r["id"] == rule_id)


def _refusal(rules: Path) -> str:
    with pytest.raises(RulesFileError) as exc:
        create_app(rules_dir=rules)
    return str(exc.value)


def _rule_with_int_parameter() -> tuple[str, str, str]:
    """(file, rule id, parameter) of a real rule whose guard declares an int parameter."""
    discover_routers()  # registers every guard
    candidates = [(rid, name) for rid, reg in REGISTRY.items() for name, typ in reg.params.items() if typ is int]
    preferred = ["membership.min_term", "project_board.meeting_interval"]
    candidates.sort(key=lambda c: preferred.index(c[0]) if c[0] in preferred else len(preferred))
    if not candidates:
        pytest.skip("no rule declares an int parameter yet")
    rule_id, name = candidates[0]
    for file in sorted(RULES.glob("*.yaml")):
        content = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if any(r["id"] == rule_id for r in content.get("rules", [])):
            return file.name, rule_id, name
    raise AssertionError(f"{rule_id} is registered but not in rules/")


def test_the_shipped_rules_load(rules_copy: Path) -> None:
    create_app(rules_dir=rules_copy)


def test_missing_norwegian_message_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: _rule(c, ORDER_RULE)["message"].pop("nb"))
    message = _refusal(rules_copy)
    assert LIFECYCLES in message and "message.nb" in message


def test_missing_citation_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: _rule(c, ORDER_RULE).pop("citation"))
    message = _refusal(rules_copy)
    assert LIFECYCLES in message and "citation" in message


def test_blank_citation_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: _rule(c, ORDER_RULE).update(citation="   "))
    assert "citation" in _refusal(rules_copy)


def test_a_state_without_a_norwegian_label_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: c["workflows"]["case"]["states"]["prepared"].pop("label_nb"))
    message = _refusal(rules_copy)
    assert LIFECYCLES in message and "workflows.case.states.prepared.label_nb" in message


def test_a_transition_without_a_norwegian_label_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: c["workflows"]["meeting"]["transitions"]["convene"].update(label_nb=" "))
    message = _refusal(rules_copy)
    assert LIFECYCLES in message and "workflows.meeting.transitions.convene.label_nb" in message


def test_unknown_rule_in_a_workflow_guard_is_refused(rules_copy: Path) -> None:
    def add_guard(content: dict[str, Any]) -> None:
        content["workflows"]["case"]["transitions"]["prepare"].setdefault("guards", []).append("case.no_such_rule")

    _edit(rules_copy, LIFECYCLES, add_guard)
    message = _refusal(rules_copy)
    assert "case.no_such_rule" in message and "prepare" in message


def test_rule_without_a_guard_in_code_is_refused(rules_copy: Path) -> None:
    def add_rule(content: dict[str, Any]) -> None:
        orphan = {**_rule(content, ORDER_RULE), "id": "case.rule_nobody_implements"}
        content["rules"].append(orphan)

    _edit(rules_copy, LIFECYCLES, add_rule)
    assert "case.rule_nobody_implements" in _refusal(rules_copy)


def test_rule_defined_twice_is_refused(rules_copy: Path) -> None:
    _edit(rules_copy, LIFECYCLES, lambda c: c["rules"].append(_rule(c, ORDER_RULE)))
    message = _refusal(rules_copy)
    assert ORDER_RULE in message and "twice" in message


def test_parameter_of_the_wrong_type_is_refused(rules_copy: Path) -> None:
    filename, rule_id, name = _rule_with_int_parameter()
    _edit(rules_copy, filename, lambda c: _rule(c, rule_id)["parameters"].update({name: "twelve"}))
    message = _refusal(rules_copy)
    assert rule_id in message and name in message and "twelve" in message


def test_missing_parameter_is_refused(rules_copy: Path) -> None:
    filename, rule_id, name = _rule_with_int_parameter()
    _edit(rules_copy, filename, lambda c: _rule(c, rule_id)["parameters"].pop(name))
    message = _refusal(rules_copy)
    assert rule_id in message and name in message


def test_invalid_yaml_is_refused(rules_copy: Path) -> None:
    with (rules_copy / LIFECYCLES).open("a", encoding="utf-8") as f:
        f.write("\n  - id: [unclosed\n")
    message = _refusal(rules_copy)
    assert LIFECYCLES in message and "YAML" in message


def _serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rules: Path) -> list[tuple]:
    """Runs `samordning serve` with uvicorn replaced by a recorder; returns its calls, each with the
    garbage collector's state when it was made (restored afterwards: this process goes on testing)."""
    import uvicorn

    calls: list[tuple] = []
    threshold = gc.get_threshold()

    def run(*args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs, gc.get_freeze_count(), gc.get_threshold()))
        gc.unfreeze()
        gc.set_threshold(*threshold)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("SAMORDNING_RULES_DIR", str(rules))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    get_settings.cache_clear()
    return calls


@pytest.fixture(autouse=True)
def _fresh_settings() -> Any:
    yield
    get_settings.cache_clear()


def test_serve_refuses_to_start_on_bad_rules(monkeypatch, tmp_path, rules_copy, capsys) -> None:  # noqa: ANN001
    _edit(rules_copy, LIFECYCLES, lambda c: _rule(c, ORDER_RULE).pop("citation"))
    uvicorn_calls = _serve(monkeypatch, tmp_path, rules_copy)
    assert main(["serve"]) == 2
    assert uvicorn_calls == []  # failed before the server started
    err = capsys.readouterr().err
    assert "refusing to start" in err and LIFECYCLES in err and "citation" in err


def test_serve_starts_on_good_rules(monkeypatch, tmp_path, rules_copy) -> None:  # noqa: ANN001
    uvicorn_calls = _serve(monkeypatch, tmp_path, rules_copy)
    assert main(["serve", "--port", "8123"]) == 0
    assert len(uvicorn_calls) == 1 and uvicorn_calls[0][1]["port"] == 8123
    assert uvicorn_calls[0][1]["server_header"] is False  # no banner naming the software


def test_serve_freezes_what_start_up_built_before_it_serves(monkeypatch, tmp_path, rules_copy) -> None:  # noqa: ANN001
    uvicorn_calls = _serve(monkeypatch, tmp_path, rules_copy)
    assert gc.get_freeze_count() == 0
    assert main(["serve"]) == 0
    (_, _, frozen, threshold) = uvicorn_calls[0]
    assert frozen > 10_000  # the app: routes, schemas, mappers, rules
    assert threshold[0] == YOUNGEST_GENERATION_THRESHOLD


# ---- the catalogue over HTTP -------------------------------------------------------------------

RULE_FIELDS = {"id", "severity", "parameters", "message", "message_nb", "citation", "enabled"}


def test_rules_are_listed_as_loaded(api) -> None:  # noqa: ANN001
    r = api.get("/api/v1/rules", params={"limit": 200})
    assert r.status_code == 200
    assert r.json()["next_cursor"] is None
    rules = r.json()["items"]
    assert {rule["id"] for rule in rules} == set(REGISTRY)
    for rule in rules:
        assert RULE_FIELDS <= set(rule)
        assert rule["severity"] in {"error", "warning", "behaviour"}
        assert rule["citation"] and "{" not in rule["message_nb"]  # parameters filled in


def test_the_catalogue_is_a_list_like_every_other(api) -> None:  # noqa: ANN001
    """`{items, next_cursor}`, by id, page after page."""
    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/rules", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 7
        seen += [rule["id"] for rule in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert seen == sorted(REGISTRY)


def test_one_rule_with_its_parameters(api) -> None:  # noqa: ANN001
    _, rule_id, name = _rule_with_int_parameter()
    r = api.get(f"/api/v1/rules/{rule_id}")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == rule_id and isinstance(body["parameters"][name], int)
    assert body["enabled"] is True


def test_a_disabled_rule_shows_as_disabled(database, rules_copy) -> None:  # noqa: ANN001
    _edit(rules_copy, LIFECYCLES, lambda c: _rule(c, ORDER_RULE).update(enabled=False))
    with TestClient(create_app(database=database, rules_dir=rules_copy)) as client:
        r = client.get(f"/api/v1/rules/{ORDER_RULE}", headers=bearer(make_token(database)))
        assert r.json()["enabled"] is False


def test_unknown_rule_is_a_404_problem(api) -> None:  # noqa: ANN001
    r = api.get("/api/v1/rules/no.such_rule")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404 and "no.such_rule" in r.json()["detail"]
