"""Reads and validates rules/*.yaml. Any defect stops start-up with a message naming the entry."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from app.governance.schemas import Severity

RULE_ID_PATTERN = r"^[a-z_]+(\.[a-z_]+)+$"


class RulesFileError(RuntimeError):
    """The rules data is unusable; the message names the file and entry."""


class Messages(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nb: str = Field(min_length=1)
    en: str = Field(min_length=1)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=RULE_ID_PATTERN)
    severity: Severity
    title: str = Field(min_length=1, description="Short English name of the rule.")
    parameters: dict[str, Any] = Field(default_factory=dict)
    message: Messages
    citation: str = Field(min_length=1)
    enabled: bool = True

    @field_validator("citation")
    @classmethod
    def _citation_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("citation must quote the source")
        return v.strip()


# What the staff app and every integrator show for a state or a transition (a button's name).
LabelNb = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class StateSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label_nb: LabelNb


class TransitionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: list[str] = Field(alias="from", min_length=1)
    to: str
    guards: list[str] = Field(default_factory=list)
    label_nb: LabelNb


class WorkflowSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    states: dict[str, StateSpec] = Field(min_length=1)
    initial: str
    order_rule: str = Field(
        description="Rule reported when a transition is asked for from a state it does not start in."
    )
    transitions: dict[str, TransitionSpec]


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[RuleSpec] = Field(default_factory=list)
    workflows: dict[str, WorkflowSpec] = Field(default_factory=dict)


def _describe(err: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors())


def load_rules_dir(path: Path) -> tuple[dict[str, RuleSpec], dict[str, WorkflowSpec]]:
    """Parse every rules/*.yaml; structural checks only (the engine checks the links)."""
    files = sorted(Path(path).glob("*.yaml"))
    if not files:
        raise RulesFileError(f"no rules files (*.yaml) in {path}")
    rules: dict[str, RuleSpec] = {}
    workflows: dict[str, WorkflowSpec] = {}
    for file in files:
        try:
            raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise RulesFileError(f"{file.name}: not valid YAML: {exc}") from exc
        try:
            parsed = RulesFile.model_validate(raw)
        except ValidationError as exc:
            raise RulesFileError(f"{file.name}: {_describe(exc)}") from exc
        for rule in parsed.rules:
            if rule.id in rules:
                raise RulesFileError(f"{file.name}: rule {rule.id} is defined twice")
            for lang, text in (("nb", rule.message.nb), ("en", rule.message.en)):
                names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
                unknown = names - set(rule.parameters)
                if unknown:
                    raise RulesFileError(
                        f"{file.name}: rule {rule.id}: message.{lang} uses unknown parameter(s) {sorted(unknown)}"
                    )
            rules[rule.id] = rule
        for name, wf in parsed.workflows.items():
            if name in workflows:
                raise RulesFileError(f"{file.name}: workflow {name} is defined twice")
            workflows[name] = wf
    return rules, workflows
