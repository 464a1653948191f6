"""Integrators generate clients from the committed openapi/openapi.json and nothing else: the Python
client generates without a warning and drives a whole forum cycle against a live server on its own;
the TypeScript types (openapi-typescript) and SDK (@hey-api/openapi-ts) compile under `tsc --strict`;
Redocly's recommended rules find no error."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_token

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "openapi.json"
CONTRACT = Path(__file__).resolve().parent / "contract"
NODE_BIN = ROOT / "node_modules" / ".bin"


def _tool(path: Path | str | None, what: str) -> str:
    if path is None or not Path(path).exists():
        pytest.skip(f"{what} is not installed here (make venv / make npm install it)")
    return str(path)


def _run(*args: str, cwd: Path = ROOT, timeout: int = 120) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The Python client openapi-python-client generates, imported."""
    generator = _tool(
        shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)), "openapi-python-client"
    )
    out = tmp_path_factory.mktemp("client")
    output = _run(
        generator,
        "generate",
        "--path",
        str(DOCUMENT),
        "--meta",
        "none",
        "--output-path",
        str(out / "samordning_client"),
        "--config",
        str(CONTRACT / "openapi-python-client.yaml"),
    )
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("samordning_client")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.split(".")[0] == "samordning_client"]:
            del sys.modules[name]


def test_the_python_client_names_things_as_integrators_expect(generated) -> None:  # noqa: ANN001
    from samordning_client.api.cases import cases_create, cases_list, cases_transition  # noqa: F401
    from samordning_client.models import CaseKind, CaseOutPage, RuleReport, Severity

    assert [k.value for k in CaseKind] == ["decision", "discussion", "information"]
    assert {s.value for s in Severity} == {"error", "warning", "behaviour"}
    assert "severity" in RuleReport.__annotations__ and "next_cursor" in CaseOutPage.__annotations__
    models = dir(importlib.import_module("samordning_client.models"))
    # What the generator names anonymous schemas: `…Type0`, `…Item` of a list, `…Response…` of an operation.
    anonymous = [m for m in models if "Type0" in m or m.endswith(("sItem", "Response200"))]
    assert anonymous == [] and "HealthHealthGetResponseHealthHealthGet" not in models


def _call(module: Any, expected: int, **kwargs: Any) -> Any:
    """Call one generated operation; the typed body on the expected status."""
    response = module.sync_detailed(**kwargs)
    assert response.status_code == expected, (module.__name__, response.status_code, response.content[:400])
    return response


def test_a_forum_cycle_through_the_generated_client_only(generated, server_url, database, seeded) -> None:  # noqa: ANN001
    from samordning_client import AuthenticatedClient, Client
    from samordning_client.api.cases import (
        cases_create,
        cases_documents_create,
        cases_get,
        cases_transition,
    )
    from samordning_client.api.decisions import meetings_decisions_create
    from samordning_client.api.documents import documents_create
    from samordning_client.api.meetings import (
        meetings_agenda_create,
        meetings_agenda_get,
        meetings_create,
        meetings_get,
        meetings_minutes_draft_create,
        meetings_transition,
    )
    from samordning_client.api.public import public_meetings_get
    from samordning_client.models import (
        AgendaItemCreate,
        CaseCreate,
        CaseDocumentAttach,
        CaseDryRunResult,
        CaseKind,
        CaseStatus,
        CaseTransitionName,
        DecisionCreate,
        DecisionKind,
        DocumentCreate,
        DocumentKind,
        MeetingCreate,
        MeetingStatus,
        PublicMeetingStatus,
    )

    client = AuthenticatedClient(base_url=server_url, token=make_token(database))
    au, forum = uuid.UUID(seeded.au), uuid.UUID(seeded.forum)

    def transition(operation: Any, get: Any, entity_id: uuid.UUID, name: str) -> Any:
        id_name = get.__name__.split(".")[-2].removesuffix("s") + "_id"
        etag = _call(get, 200, client=client, **{id_name: entity_id})
        # No body: the generated code sends none (it crashed on `Unset` when the body was nullable).
        answer = _call(
            operation, 200, client=client, name=name, if_match=etag.headers["etag"], **{id_name: entity_id}
        ).parsed
        assert answer.dry_run is False and isinstance(answer.warnings, list)
        return answer

    case = _call(
        cases_create,
        201,
        client=client,
        body=CaseCreate(
            owner_body_id=au,
            title="Felles råd om legemiddelsamstemming",
            kind=CaseKind.DECISION,
            strategic_rationale="Berører alle virksomhetene.",
            stakeholders_involved=[uuid.UUID(seeded.organizations["Helsedirektoratet"])],
        ),
    ).parsed
    for kind in (DocumentKind.CASE_PRESENTATION, DocumentKind.KNOWLEDGE_BASE):
        doc = _call(
            documents_create,
            201,
            client=client,
            body=DocumentCreate(
                kind=kind, title=f"{kind.value} for saken", body="Tekst.", owner_body_id=au, public=True
            ),
        ).parsed
        _call(cases_documents_create, 201, case_id=case.id, client=client, body=CaseDocumentAttach(document_id=doc.id))
    transition(cases_transition, cases_get, case.id, "start_preparation")
    tag = _call(cases_get, 200, case_id=case.id, client=client).headers["etag"]  # a dry run needs If-Match too
    dry = _call(
        cases_transition,
        200,
        case_id=case.id,
        name=CaseTransitionName.PREPARE,
        dry_run=True,
        if_match=tag,
        client=client,
    )
    assert isinstance(dry.parsed, CaseDryRunResult) and dry.parsed.dry_run is True and dry.parsed.allowed
    assert dry.parsed.transition == CaseTransitionName.PREPARE
    assert transition(cases_transition, cases_get, case.id, "prepare").status == CaseStatus.PREPARED

    starts = datetime.now(timezone.utc).replace(microsecond=0)  # a meeting is started at its time
    meeting = _call(
        meetings_create,
        201,
        client=client,
        body=MeetingCreate(body_id=forum, starts_at=starts, location="Vitaminveien 4"),
    ).parsed
    added = _call(
        meetings_agenda_create, 201, meeting_id=meeting.id, client=client, body=AgendaItemCreate(case_id=case.id)
    )
    assert added.headers["location"].endswith(f"/agenda/{added.parsed.id}")
    assert _call(
        meetings_agenda_get, 200, meeting_id=meeting.id, item_id=added.parsed.id, client=client
    ).parsed.to_dict() == {k: v for k, v in added.parsed.to_dict().items() if k != "warnings"}
    transition(meetings_transition, meetings_get, meeting.id, "convene")
    transition(meetings_transition, meetings_get, meeting.id, "start")
    decision = _call(
        meetings_decisions_create,
        201,
        meeting_id=meeting.id,
        client=client,
        body=DecisionCreate(case_id=case.id, kind=DecisionKind.RECOMMENDATION, text="Forumet anbefaler felles råd."),
    ).parsed
    assert _call(cases_get, 200, case_id=case.id, client=client).parsed.status == CaseStatus.DECIDED
    transition(meetings_transition, meetings_get, meeting.id, "close")
    _call(meetings_minutes_draft_create, 201, meeting_id=meeting.id, client=client)
    approved = transition(meetings_transition, meetings_get, meeting.id, "approve_minutes")
    assert approved.status == MeetingStatus.MINUTES_APPROVED

    public = _call(public_meetings_get, 200, meeting_id=meeting.id, client=Client(base_url=server_url)).parsed
    assert public.status == PublicMeetingStatus.MINUTES_APPROVED
    assert [item.case_id for item in public.agenda] == [case.id]
    assert [d.id for d in public.decisions] == [decision.id] and public.minutes is not None


def _compile_strictly(*files: Path, lib: str | None = None) -> None:
    """`tsc --strict` without output, as a bundler builds an ES2022 program; `lib` as the code needs."""
    tsc = _tool(NODE_BIN / "tsc", "typescript (npm)")
    options = ["--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler"]
    _run(tsc, "--strict", "--noEmit", *options, *(["--lib", lib] if lib else []), *map(str, files))


@pytest.mark.parametrize("flags", [[], ["--default-non-nullable", "false"]], ids=["defaults", "nullable-defaults"])
def test_typescript_types_compile_strictly(tmp_path: Path, flags: list[str]) -> None:
    """With openapi-typescript's default flags (as an integrator runs it) and with the staff app's."""
    generate = _tool(NODE_BIN / "openapi-typescript", "openapi-typescript (npm)")
    output = _run(generate, str(DOCUMENT), "--output", str(tmp_path / "schema.ts"), *flags)
    assert "warn" not in output.lower(), output
    shutil.copy(CONTRACT / "uses_types.ts", tmp_path / "uses_types.ts")
    _compile_strictly(tmp_path / "uses_types.ts")


def test_hey_api_sdk_compiles_strictly(tmp_path: Path) -> None:
    """@hey-api/openapi-ts with its default plugins (types, SDK, fetch client), as an integrator runs it."""
    generate = _tool(NODE_BIN / "openapi-ts", "@hey-api/openapi-ts (npm)")
    # An absolute path: a relative one reads as a Hey API registry shorthand (`organization/project`).
    output = _run(generate, "--input", str(DOCUMENT), "--output", str(tmp_path / "sdk"))
    assert "warn" not in output.lower() and "error" not in output.lower(), output
    shutil.copy(CONTRACT / "uses_sdk.ts", tmp_path / "uses_sdk.ts")
    # The fetch client's own code iterates URLSearchParams (dom.iterable).
    _compile_strictly(tmp_path / "uses_sdk.ts", tmp_path / "sdk" / "index.ts", lib="es2022,dom,dom.iterable")


def test_redocly_recommended_lint_has_no_error() -> None:
    redocly = _tool(NODE_BIN / "redocly", "@redocly/cli (npm)")
    output = _run(redocly, "lint", str(DOCUMENT), "--extends", "recommended", "--format", "summary")
    assert "Your API description is valid" in output and not re.search(r"^error ", output, re.M), output
