"""Guard functions, registered by rule id.

A guard evaluates one rule. It receives the evaluation context and the rule's
parameters and returns nothing when the rule holds, or one or more Findings
when it does not. Guards marked `invariant=True` are also run by /compliance
with `ctx.subject = None`, meaning "look at the whole current state".
Behaviour rules register the function that carries the behaviour out.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class EntityRef:
    type: str
    id: uuid.UUID | str
    label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "id": str(self.id)}
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class Finding:
    """One way a rule does not hold: what is wrong, and with which entities."""

    detail: str | None = None
    entities: list[EntityRef] = field(default_factory=list)


@dataclass
class GuardContext:
    session: Session
    now: datetime
    subject: Any = None
    facts: dict[str, Any] = field(default_factory=dict)


GuardResult = Finding | Iterable[Finding] | None
GuardFn = Callable[[GuardContext, dict[str, Any]], GuardResult]


@dataclass(frozen=True)
class Registration:
    rule_id: str
    fn: Callable[..., Any]
    params: dict[str, type | tuple[type, ...]]
    invariant: bool
    behaviour: bool


REGISTRY: dict[str, Registration] = {}


def _register(rule_id: str, fn: Callable[..., Any], **kw: Any) -> None:
    if rule_id in REGISTRY and REGISTRY[rule_id].fn is not fn:
        raise RuntimeError(f"rule {rule_id} has two functions: {REGISTRY[rule_id].fn} and {fn}")
    REGISTRY[rule_id] = Registration(rule_id=rule_id, fn=fn, **kw)


def guard(
    rule_id: str,
    *,
    params: dict[str, type | tuple[type, ...]] | None = None,
    invariant: bool = False,
) -> Callable[[GuardFn], GuardFn]:
    """Register `fn` as the guard of `rule_id`; `params` are the parameters it needs."""

    def deco(fn: GuardFn) -> GuardFn:
        _register(rule_id, fn, params=params or {}, invariant=invariant, behaviour=False)
        return fn

    return deco


def behaviour(rule_id: str, *, params: dict[str, type | tuple[type, ...]] | None = None):
    """Register the function that carries out a behaviour rule."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        _register(rule_id, fn, params=params or {}, invariant=False, behaviour=True)
        return fn

    return deco
