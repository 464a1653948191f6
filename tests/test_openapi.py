"""The committed OpenAPI document is what the app generates, and it covers the paths API.md fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.contract import referenced_schemas
from app.openapi import render
from app.publication.einnsyn.schemas import OMITS_EMPTY

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "openapi" / "openapi.json"


@pytest.fixture(scope="module")
def rendered() -> str:
    return render()


def test_committed_openapi_is_current(rendered: str) -> None:
    assert COMMITTED.exists(), "openapi/openapi.json is missing: run make openapi"
    if COMMITTED.read_text(encoding="utf-8") != rendered:
        pytest.fail("openapi/openapi.json differs from what the app generates: run make openapi")


def test_every_operation_has_a_summary(rendered: str) -> None:
    paths = json.loads(rendered)["paths"]
    missing = [f"{m.upper()} {p}" for p, ops in paths.items() for m, op in ops.items() if not op.get("summary")]
    assert missing == []


def test_error_responses_are_documented_as_problems(rendered: str) -> None:
    """Every error status an operation can answer with is declared, with an application/problem+json body."""
    doc = json.loads(rendered)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    wrong = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            expected = {"422"} if op.get("parameters") or "requestBody" in op else set()
            expected |= {"401", "403"} if op.get("security") else set()
            expected |= {"404"} if "{" in path else set()
            expected |= {"409"} if method in {"post", "patch", "delete"} else set()
            errors = {c for c in codes if c >= "400"}
            if not expected <= codes or any(
                list(op["responses"][c].get("content", {})) != ["application/problem+json"] for c in errors
            ):
                wrong.append(f"{method.upper()} {path}")
    assert wrong == []


def _operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [(m, p, op) for p, ops in doc["paths"].items() for m, op in ops.items()]


def test_operation_ids_are_resource_and_verb_and_unique(rendered: str) -> None:
    ops = _operations(json.loads(rendered))
    ids = [op["operationId"] for _, _, op in ops]
    assert len(ids) == len(set(ids))
    shape = re.compile(r"^[a-z]+(_[a-z]+)*_(list|get|create|update|delete|transition)$")
    assert [i for i in ids if not shape.match(i)] == []
    by_route = {(m, p): op["operationId"] for m, p, op in ops}
    assert by_route["get", "/api/v1/cases"] == "cases_list"
    assert by_route["post", "/api/v1/cases"] == "cases_create"
    assert by_route["get", "/api/v1/cases/{case_id}"] == "cases_get"
    assert by_route["patch", "/api/v1/cases/{case_id}"] == "cases_update"
    assert by_route["post", "/api/v1/cases/{case_id}/transitions/{name}"] == "cases_transition"
    assert by_route["get", "/api/v1/cases/{case_id}/transitions"] == "cases_transitions_list"
    assert by_route["get", "/api/v1/compliance"] == "compliance_get"
    assert by_route["get", "/api/v1/cases/{case_id}/history"] == "cases_history_list"
    assert by_route["put", "/api/v1/meetings/{meeting_id}/attendance"] == "meetings_attendance_update"


def _inline_enums(node: object, where: str) -> list[str]:
    """Places where an enum is spelled out instead of referring to a named component."""
    if isinstance(node, list):
        return [w for i, sub in enumerate(node) for w in _inline_enums(sub, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    found = [where] if "enum" in node else []
    return found + [w for key, sub in node.items() for w in _inline_enums(sub, f"{where}/{key}")]


def test_every_enum_is_one_named_component(rendered: str) -> None:
    doc = json.loads(rendered)
    schemas = doc["components"]["schemas"]
    enums = {name for name, schema in schemas.items() if "enum" in schema}
    assert {"CaseKind", "CaseStatus", "Severity", "MeetingStatus", "DocumentKind"} <= enums
    inline = _inline_enums(doc["paths"], "paths") + [
        w for name, schema in schemas.items() if name not in enums for w in _inline_enums(schema, name)
    ]
    # A webhook payload's `type` is the tag that tells its schema: its family's values of `EventType`.
    tags = {f"{name}/properties/type" for name in referenced_schemas(doc, doc["webhooks"])}
    assert [w for w in inline if w not in tags] == []
    values = [tuple(schemas[name]["enum"]) for name in enums]
    assert len(values) == len(set(values)), "two components for the same enum"


def test_no_anonymous_models(rendered: str) -> None:
    """Every object in a response or body is a named component: no free-form dicts to guess at."""
    doc = json.loads(rendered)
    for _, _, op in _operations(doc):
        for response in op["responses"].values():
            for media_type, media in response.get("content", {}).items():
                if not media_type.endswith("json"):
                    continue  # iCalendar, Atom
                schema = media["schema"]
                named = [schema] if "$ref" in schema else schema.get("anyOf", schema.get("oneOf", []))
                assert named and all("$ref" in s for s in named), (op["operationId"], schema)
    for name in ("CaseDryRunResult", "RuleReport", "RuleCheck"):
        assert "additionalProperties" not in json.dumps(doc["components"]["schemas"][name]), name
    assert doc["components"]["schemas"]["RuleReport"]["properties"]["severity"] == {
        "$ref": "#/components/schemas/Severity",
        "examples": ["warning"],
    }


def test_every_list_sends_next_cursor_or_null(rendered: str) -> None:
    schemas = json.loads(rendered)["components"]["schemas"]
    pages = [s for name, s in schemas.items() if name.endswith("Page")]
    assert len(pages) > 10
    assert all({"items", "next_cursor"} <= set(s["required"]) for s in pages)


def test_operations_tags_and_info_are_described(rendered: str) -> None:
    doc = json.loads(rendered)
    ops = _operations(doc)
    assert [op["operationId"] for _, _, op in ops if not op.get("description")] == []
    assert all("Permission `" in op["description"] for _, _, op in ops)
    described = {t["name"] for t in doc["tags"] if t.get("description")}
    assert {t for _, _, op in ops for t in op["tags"]} <= described
    assert doc["info"]["contact"]["url"] and doc["info"]["license"]["url"] and doc["servers"][0]["url"]
    # an operation without a token says so
    assert doc["paths"]["/health"]["get"]["security"] == []


def test_transition_names_are_the_workflows_enums(app) -> None:  # noqa: ANN001
    """Generated clients get `CaseTransitionName` etc., listing exactly what the rules declare."""
    document = app.openapi()
    for plural, workflow in (("cases", "case"), ("meetings", "meeting"), ("bodies", "body"), ("decisions", "decision")):
        op = document["paths"][f"/api/v1/{plural}/{{{workflow}_id}}/transitions/{{name}}"]["post"]
        (name,) = [p for p in op["parameters"] if p["name"] == "name"]
        ref = name["schema"]["$ref"].rsplit("/", 1)[1]
        assert ref == f"{workflow.title()}TransitionName" and "x-workflow" not in op
        assert document["components"]["schemas"][ref]["enum"] == sorted(app.state.engine.workflow(workflow).transitions)


WORKFLOWS = {"case": "CaseStatus", "meeting": "MeetingStatus", "body": "BodyStatus", "decision": "FollowUpStatus"}


def test_a_transition_and_a_dry_run_are_told_apart_by_dry_run(app) -> None:  # noqa: ANN001
    """Issue 28, item 4: the 200 is one of two schemas that `dry_run`, true or false and required, tells apart."""
    document = app.openapi()
    schemas = document["components"]["schemas"]
    for workflow, states in WORKFLOWS.items():
        prefix, plural = workflow.title(), "bodies" if workflow == "body" else f"{workflow}s"
        op = document["paths"][f"/api/v1/{plural}/{{{workflow}_id}}/transitions/{{name}}"]["post"]
        answer = op["responses"]["200"]["content"]["application/json"]["schema"]
        done, dry = f"#/components/schemas/{prefix}Transitioned", f"#/components/schemas/{prefix}DryRunResult"
        assert "discriminator" not in answer  # a boolean's mapping would read "false" (openapi-typescript)
        assert answer["oneOf"] == [{"$ref": done}, {"$ref": dry}]
        for name, tag in ((f"{prefix}Transitioned", False), (f"{prefix}DryRunResult", True)):
            assert schemas[name]["properties"]["dry_run"]["const"] is tag and "dry_run" in schemas[name]["required"]
            assert "warnings" in schemas[name]["required"]
        # the names and states in a listing and a dry run are the workflow's enums
        names = {"$ref": f"#/components/schemas/{prefix}TransitionName"}
        option = schemas[f"{prefix}TransitionOption"]["properties"]
        assert (
            option["name"] == names
            and option["from"]["$ref"] == option["to"]["$ref"] == f"#/components/schemas/{states}"
        )
        assert schemas[f"{prefix}TransitionList"]["properties"]["state"]["$ref"].endswith(f"/{states}")
        assert schemas[f"{prefix}DryRunResult"]["properties"]["transition"] == names
        # optional and never null: a client that leaves the body out sends none
        assert op["requestBody"] == {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TransitionRequest"}}}
        }
        listing = document["paths"][f"/api/v1/{plural}/{{{workflow}_id}}/transitions"]["get"]
        assert {p["name"] for p in listing["parameters"] + op["parameters"] if p["in"] == "path"} == {
            f"{workflow}_id",
            "name",
        }
    assert not {"TransitionList", "TransitionOption", "DryRunResult"} & set(schemas)


def test_every_field_sent_is_required_and_no_field_received_has_a_default(app) -> None:  # noqa: ANN001
    """Issue 28, item 4: `warnings` is always sent (TS18048 when optional); openapi-typescript makes a field
    with a `default` required to send (`large_development_work`)."""
    document = app.openapi()
    ops = [op for ops in document["paths"].values() for op in ops.values()]
    received = referenced_schemas(document, [[op.get("requestBody"), op.get("parameters")] for op in ops])
    problems = {"Problem", "ValidationProblem", "FieldError"}
    sent = referenced_schemas(document, [op["responses"] for op in ops]) - received - problems
    for name in sent:
        schema = document["components"]["schemas"][name]
        if schema.get(OMITS_EMPTY):  # the eInnsyn nodes leave an empty field out, and say so
            assert set(schema.get("required", [])) <= set(schema["properties"]), name
            continue
        assert set(schema.get("properties", {})) == set(schema.get("required", [])), name
    for name in received:
        for field, sub in document["components"]["schemas"][name].get("properties", {}).items():
            assert "default" not in sub, (name, field)
    create = document["components"]["schemas"]["CaseCreate"]
    assert "large_development_work" not in create["required"]
    assert create["properties"]["large_development_work"]["description"].endswith("Left out: `false`.")
    assert {"errors", "violations"}.isdisjoint(document["components"]["schemas"]["Problem"]["required"])


def test_a_422_is_a_validation_problem_that_names_its_fields(app) -> None:  # noqa: ANN001
    """Issue 28, item 4: one open `Problem` for every status left a 422's `errors` optional."""
    document = app.openapi()
    schemas = document["components"]["schemas"]
    assert set(schemas["ValidationProblem"]["required"]) == {*schemas["Problem"]["required"], "errors"}
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if status.isdigit() and int(status) >= 400:
                    ref = response["content"]["application/problem+json"]["schema"]["$ref"]
                    assert ref.endswith("/ValidationProblem" if status == "422" else "/Problem"), (path, method, status)


ENUM_FIELDS = {
    ("AuditEventOut", "action"): "AuditAction",
    ("AuditEventOut", "entity_type"): "EntityType",
    ("EntityRefOut", "type"): "EntityType",
    ("GrantOut", "roles"): "MembershipRole",
    ("GrantOut", "on"): "BodyKind",
    ("PublicDocument", "kind"): "DocumentKind",
    ("SubcommitteeMemberOut", "role"): "MembershipRole",
    ("SubcommitteeMemberOut", "background"): "MembershipBackground",
}


def test_fields_that_hold_enum_values_are_the_named_enums(app) -> None:  # noqa: ANN001
    """Issue 28, item 4: a dozen such fields were plain strings."""
    schemas = app.openapi()["components"]["schemas"]
    for (name, field), enum in ENUM_FIELDS.items():
        assert f'"#/components/schemas/{enum}"' in json.dumps(schemas[name]["properties"][field]), (name, field)
    for field in ("errors", "violations"):  # left out when they do not apply, never null
        assert schemas["Problem"]["properties"][field]["type"] == "array"


def test_every_action_the_code_audits_is_an_audit_action(app) -> None:  # noqa: ANN001
    """The `AuditAction` enum lists what `ctx.audit(...)` and the seed log; so the audit list validates."""
    source = "\n".join(p.read_text() for p in (ROOT / "app").rglob("*.py"))
    logged = set(re.findall(r"\.audit\(\s*\"(\w+)\"", source)) | set(
        re.findall(r"record\([^)]*?\"(create|update)\"", source)
    )
    actions = set(app.openapi()["components"]["schemas"]["AuditAction"]["enum"])
    assert logged and logged <= actions, logged - actions


def test_every_operation_documents_500_and_503(app) -> None:  # noqa: ANN001
    for path, ops in app.openapi()["paths"].items():
        for method, op in ops.items():
            assert {"500", "503"} <= set(op["responses"]), (method, path)
