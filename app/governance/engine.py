"""The rules engine: evaluates guards by rule id and drives the workflows declared in rules/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import RuleViolation
from app.governance.loader import RulesFileError, RuleSpec, WorkflowSpec, load_rules_dir
from app.governance.registry import REGISTRY, EntityRef, Finding, GuardContext


@dataclass
class Outcome:
    rule: RuleSpec
    findings: list[Finding]

    @property
    def passed(self) -> bool:
        return not self.findings

    def messages(self) -> tuple[str, str]:
        params = self.rule.parameters
        return self.rule.message.en.format(**params), self.rule.message.nb.format(**params)

    def as_report(self) -> dict[str, Any]:
        """The violation/warning shape of API.md, plus detail and entities."""
        en, nb = self.messages()
        out: dict[str, Any] = {
            "rule": self.rule.id,
            "severity": self.rule.severity,
            "message": en,
            "message_nb": nb,
            "citation": self.rule.citation,
        }
        details = [f.detail for f in self.findings if f.detail]
        if details:
            out["detail"] = "; ".join(details)
        entities = [e.as_dict() for f in self.findings for e in f.entities]
        if entities:
            out["entities"] = entities
        return out

    def as_check(self) -> dict[str, Any]:
        """How a transition listing shows one guarding rule."""
        return {**self.as_report(), "passed": self.passed}


def _normalise(result: Any) -> list[Finding]:
    if result is None or result is True:
        return []
    if result is False:
        return [Finding()]
    if isinstance(result, Finding):
        return [result]
    return list(result)


class RuleEngine:
    def __init__(self, rules: dict[str, RuleSpec], workflows: dict[str, WorkflowSpec]) -> None:
        self.rules = rules
        self.workflows = workflows
        self._validate()

    @classmethod
    def from_dir(cls, path: Path) -> RuleEngine:
        rules, workflows = load_rules_dir(path)
        return cls(rules, workflows)

    def _validate(self) -> None:
        missing = sorted(set(self.rules) - set(REGISTRY))
        if missing:
            raise RulesFileError(f"rules without a guard or behaviour in code: {missing}")
        unknown = sorted(set(REGISTRY) - set(self.rules))
        if unknown:
            raise RulesFileError(f"code registers rule ids that rules/ does not define: {unknown}")
        for rule_id, reg in REGISTRY.items():
            rule = self.rules[rule_id]
            if reg.behaviour != (rule.severity == "behaviour") and not (reg.behaviour and rule.severity == "error"):
                kind = "a behaviour" if reg.behaviour else "a guard"
                raise RulesFileError(f"rule {rule_id}: severity {rule.severity} but code has {kind}")
            for name, typ in reg.params.items():
                if name not in rule.parameters:
                    raise RulesFileError(f"rule {rule_id}: parameter {name} is missing")
                value = rule.parameters[name]
                if isinstance(value, bool) and typ is not bool or not isinstance(value, typ):
                    raise RulesFileError(f"rule {rule_id}: parameter {name}={value!r} is not of type {typ}")
        for name, wf in self.workflows.items():
            where = f"workflow {name}"
            if wf.initial not in wf.states:
                raise RulesFileError(f"{where}: initial state {wf.initial} is not a state")
            if wf.order_rule not in self.rules:
                raise RulesFileError(f"{where}: order_rule {wf.order_rule} is not a rule")
            for tname, t in wf.transitions.items():
                for state in [*t.from_, t.to]:
                    if state not in wf.states:
                        raise RulesFileError(f"{where}: transition {tname} uses unknown state {state}")
                for rid in t.guards:
                    if rid not in self.rules:
                        raise RulesFileError(f"{where}: transition {tname} guard {rid} is not a rule")
                    if REGISTRY[rid].behaviour:
                        raise RulesFileError(f"{where}: transition {tname} guard {rid} is a behaviour rule")

    # -- rules ---------------------------------------------------------------------------

    def enabled(self, rule_id: str) -> bool:
        return self.rules[rule_id].enabled

    def param(self, rule_id: str, name: str) -> Any:
        return self.rules[rule_id].parameters[name]

    def evaluate(self, rule_ids: Iterable[str], ctx: GuardContext) -> list[Outcome]:
        """Evaluate every enabled rule (never stopping at the first failure)."""
        outcomes = []
        for rule_id in rule_ids:
            rule = self.rules[rule_id]
            if not rule.enabled:
                continue
            fn = REGISTRY[rule_id].fn
            outcomes.append(Outcome(rule, _normalise(fn(ctx, rule.parameters))))
        return outcomes

    def enforce(self, rule_ids: Iterable[str], ctx: GuardContext) -> list[dict[str, Any]]:
        """Raise RuleViolation when an error rule fails; return the failed warnings."""
        return self.judge(self.evaluate(rule_ids, ctx))

    @staticmethod
    def failures(outcomes: list[Outcome]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The reports of the failed error rules and of the failed warnings."""
        failed = [o for o in outcomes if not o.passed]
        errors = [o.as_report() for o in failed if o.rule.severity == "error"]
        return errors, [o.as_report() for o in failed if o.rule.severity == "warning"]

    def judge(self, outcomes: list[Outcome]) -> list[dict[str, Any]]:
        errors, warnings = self.failures(outcomes)
        if errors:
            raise RuleViolation(errors)
        return warnings

    def violation(self, rule_id: str, detail: str | None = None) -> RuleViolation:
        """A rejection by one rule, for checks that only the database can make (races)."""
        return RuleViolation([Outcome(self.rules[rule_id], [Finding(detail=detail)]).as_report()])

    def notice(self, rule_id: str, detail: str, entities: list[EntityRef]) -> dict[str, Any]:
        """The report of a behaviour rule that acted; it travels in `warnings`, severity `behaviour`."""
        return Outcome(self.rules[rule_id], [Finding(detail=detail, entities=entities)]).as_report()

    def compliance(self, ctx: GuardContext) -> list[dict[str, Any]]:
        invariants = [rid for rid, reg in REGISTRY.items() if reg.invariant]
        return [o.as_report() for o in self.evaluate(sorted(invariants), ctx) if not o.passed]

    # -- workflows -----------------------------------------------------------------------

    def workflow(self, name: str) -> WorkflowSpec:
        return self.workflows[name]

    def state_label(self, workflow: str, state: str) -> str:
        """The state's Norwegian name, from rules/."""
        return self.workflows[workflow].states[state].label_nb

    def transition_checks(self, workflow: str, transition: str, state: str, ctx: GuardContext) -> list[Outcome]:
        """The lifecycle order rule, then the transition's guards: all of them, never the first only."""
        wf = self.workflows[workflow]
        t = wf.transitions[transition]
        ctx.facts.update(workflow=workflow, transition=transition, state=state, allowed_from=t.from_)
        return self.evaluate([wf.order_rule, *t.guards], ctx)
