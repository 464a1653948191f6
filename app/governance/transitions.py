"""Named lifecycle transitions for cases, meetings, bodies and decisions.

The workflow (states, transitions, guarding rules) is data in rules/; each
domain describes how to load, lock, change and show its entity in a
`StatefulResource`, and gets the listing, dry-run and perform endpoints here.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Body, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool, create_model

from app.audit.service import snapshot
from app.context import RequestContext, permit
from app.errors import NotFound
from app.governance.registry import Finding, GuardContext, guard
from app.governance.schemas import DryRun, RuleReport
from app.http import IfMatch, check_if_match, set_etag
from app.resources import View
from app.routing import Router
from app.types import Text

# Marks the transition operations with their workflow and its state enum: the document lists the
# transition names as an enum once the rules are loaded, and types the listing's and the dry run's
# states and names with both (contract._name_transitions).
WORKFLOW_EXTENSION = "x-workflow"


class TransitionRequest(BaseModel):
    """Optional details some transitions use (a return reason, a follow-up note)."""

    model_config = ConfigDict(extra="forbid")
    reason: Text | None = Field(None, max_length=10_000, description="Why (e.g. why a case is returned).")
    reason_public: StrictBool = Field(
        False, description="Whether the reason may be published; internal reasons never are."
    )
    note: Text | None = Field(None, max_length=10_000, description="Follow-up note.")
    responsible_body_id: uuid.UUID | None = Field(None, description="Body responsible for follow-up.")


class RuleCheck(RuleReport):
    """One rule guarding a transition, and whether it holds now."""

    passed: bool


class TransitionOption(BaseModel):
    name: str
    label_nb: str = Field(description="The transition's Norwegian name (a button's), from rules/lifecycles.yaml.")
    from_state: str = Field(serialization_alias="from")
    to: str
    to_label_nb: str = Field(description="The Norwegian name of the state it leads to.")
    allowed: bool = Field(description="Whether this caller may perform it now: `permitted` and no error rule fails.")
    permitted: bool = Field(description="Whether the caller's role or memberships let them perform it at all.")
    reason_nb: str | None = Field(
        description="Why it is not `permitted` to this caller (who holds the permission, or the scope the token "
        "lacks), in Norwegian; null when permitted. Rules that block it are in `rules`."
    )
    rules: list[RuleCheck]


class TransitionList(BaseModel):
    state: str
    state_label_nb: str = Field(description="The state's Norwegian name, from rules/lifecycles.yaml.")
    transitions: list[TransitionOption]


class DryRunResult(DryRun):
    """What the transition would do: the rules that would refuse it and those that would warn."""

    transition: str


Effect = Callable[[RequestContext, Any, TransitionRequest], None]


@dataclass
class StatefulResource:
    entity_type: str  # also the workflow name in rules/
    path: str  # e.g. "/api/v1/cases"
    tag: str
    schema: type[BaseModel]  # the entity's record (audit before/after)
    view: View  # what its answer adds for the reader
    response_model: type[BaseModel]  # the answer to a transition: the entity's answer with `warnings`
    # The entity and the body whose work it is (the permissions below are checked on that body), read
    # together, 404 unless the caller may read it; `lock`: its row locked for a transition.
    load_visible: Callable[..., tuple[Any, Any]]
    permission: str  # to perform a transition
    read_permission: str  # to see the entity and its transitions (the route's; load_visible checks it)
    facts: Callable[[RequestContext, Any, TransitionRequest], dict[str, Any]] = lambda c, e, r: {}
    effects: dict[str, Effect] = field(default_factory=dict)

    def show(self, entity: Any) -> dict[str, Any]:
        return snapshot(self.schema, entity)


def _context(ctx: RequestContext, res: StatefulResource, entity: Any, req: TransitionRequest) -> GuardContext:
    return ctx.guard_context(entity, request=req, **res.facts(ctx, entity, req))


def list_transitions(ctx: RequestContext, res: StatefulResource, entity_id: uuid.UUID) -> TransitionList:
    entity, body = res.load_visible(ctx, entity_id)  # a listing changes nothing, so it locks nothing
    state = getattr(entity, res.view.state_attr)
    # The listing answers for the caller: a button that would end in a 403 is not enabled.
    permitted = ctx.may(body, permission=res.permission)
    reason = None if permitted else ctx.access.refusal_nb(res.permission)
    wf = ctx.engine.workflow(res.entity_type)
    context = _context(ctx, res, entity, TransitionRequest())  # the facts are read once for every transition
    options = []
    for name, t in wf.transitions.items():
        if state not in t.from_:
            continue
        outcomes = ctx.engine.transition_checks(res.entity_type, name, state, context)
        checks = [RuleCheck(**o.as_check()) for o in outcomes]
        allowed = permitted and all(c.passed or c.severity != "error" for c in checks)
        options.append(
            TransitionOption(
                name=name,
                label_nb=t.label_nb,
                from_state=state,
                to=t.to,
                to_label_nb=wf.states[t.to].label_nb,
                allowed=allowed,
                permitted=permitted,
                reason_nb=reason,
                rules=checks,
            )
        )
    return TransitionList(state=state, state_label_nb=wf.states[state].label_nb, transitions=options)


def perform_transition(
    ctx: RequestContext,
    res: StatefulResource,
    entity_id: uuid.UUID,
    name: str,
    req: TransitionRequest,
    if_match: str | None,
    dry_run: bool,
) -> tuple[Any, list[dict[str, Any]] | DryRunResult]:
    wf = ctx.engine.workflow(res.entity_type)
    if name not in wf.transitions:
        raise NotFound(f"{res.entity_type} has no transition {name!r}; known: {', '.join(wf.transitions)}")
    entity, body = res.load_visible(ctx, entity_id, lock=not dry_run)  # a dry run changes nothing: no queue
    ctx.authorize(body, permission=res.permission)
    # A dry run too: it answers for the copy the client holds, and the contract can then say If-Match
    # is required (OpenAPI cannot say "required unless dry_run=true").
    check_if_match(if_match, entity)
    state = getattr(entity, res.view.state_attr)
    outcomes = ctx.engine.transition_checks(res.entity_type, name, state, _context(ctx, res, entity, req))
    if dry_run:
        violations, warnings = ctx.engine.failures(outcomes)
        return entity, DryRunResult(transition=name, allowed=not violations, violations=violations, warnings=warnings)
    warnings = ctx.engine.judge(outcomes)
    before = res.show(entity)
    setattr(entity, res.view.state_attr, wf.transitions[name].to)
    if name in res.effects:
        res.effects[name](ctx, entity, req)
    ctx.session.flush()
    ctx.audit(name, res.entity_type, entity.id, before, res.show(entity))
    return res.view.present(ctx, entity, body), warnings + ctx.notices


def transitioned_model(res: StatefulResource) -> type[BaseModel]:
    """The entity's answer to a performed transition: its write answer tagged `dry_run: false`, so that a
    client tells it from a `DryRunResult` by that field alone."""
    return create_model(
        f"{res.entity_type.title()}Transitioned",
        __base__=res.response_model,
        __doc__=f"The {res.entity_type} after the transition, with `warnings`.",
        dry_run=(Literal[False], Field(False, description="Tells a transition's answer from a dry run's (`true`).")),
    )


def transitions_router(res: StatefulResource) -> Router:
    router = Router(prefix=res.path, tags=[res.tag])
    label = res.entity_type
    plural = res.path.rsplit("/", 1)[-1]
    # The id is named for the entity, as on its other paths (`case_id`).
    entity_id_param = Path(alias=f"{label}_id", title=f"{label.title()} Id")
    transitioned = transitioned_model(res)
    states = res.response_model.model_fields[res.view.state_attr].annotation
    workflow = {"name": res.entity_type, "states": getattr(states, "__name__", "")}

    @router.get(
        f"/{{{label}_id}}/transitions",
        response_model=TransitionList,
        response_model_by_alias=True,
        summary=f"List the {label}'s possible transitions and why each is allowed or not",
        operation_id=f"{plural}_transitions_list",
        openapi_extra={WORKFLOW_EXTENSION: workflow},
    )
    def _list(
        entity_id: Annotated[uuid.UUID, entity_id_param], ctx: Annotated[RequestContext, permit(res.read_permission)]
    ) -> TransitionList:
        return list_transitions(ctx, res, entity_id)

    @router.post(
        f"/{{{label}_id}}/transitions/{{name}}",
        summary=f"Perform a named {label} transition (or evaluate it with dry_run=true)",
        operation_id=f"{plural}_transition",
        openapi_extra={WORKFLOW_EXTENSION: workflow},
        response_model=Annotated[transitioned | DryRunResult, Field(discriminator="dry_run")],
        responses={
            200: {"description": f"The updated {label} with `warnings`, or a dry run's result: `dry_run` tells."}
        },
    )
    def _perform(
        entity_id: Annotated[uuid.UUID, entity_id_param],
        ctx: Annotated[RequestContext, permit(res.permission)],
        response: Response,
        name: Annotated[str, Path(description="One of the transitions listed by GET .../transitions.")],
        # Optional, and not null when sent: a client that leaves it out sends no body at all.
        req: Annotated[TransitionRequest, Body(default_factory=TransitionRequest)],
        dry_run: Annotated[bool, Query(description="Evaluate every rule and change nothing.")] = False,
        if_match: IfMatch = None,
    ) -> Any:
        entity, result = perform_transition(ctx, res, entity_id, name, req, if_match, dry_run)
        if isinstance(result, DryRunResult):
            return result
        set_etag(response, entity)
        return res.response_model.model_validate(entity).model_dump() | {"warnings": result, "dry_run": False}

    return router


def lifecycle_order(ctx: GuardContext, _params: dict[str, Any]) -> Finding | None:
    """The shared guard of every `*.transition.order` rule: a transition starts from its states."""
    state, allowed = ctx.facts["state"], ctx.facts["allowed_from"]
    if state in allowed:
        return None
    return Finding(
        detail=f"{ctx.facts['workflow']} is {state}; {ctx.facts['transition']} starts from {', '.join(allowed)}"
    )


for _rule in (
    "case.transition.order",
    "meeting.transition.order",
    "body.transition.order",
    "decision.transition.order",
):
    guard(_rule)(lifecycle_order)
