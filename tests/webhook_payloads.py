"""Webhook payloads as the OpenAPI document's `webhooks:` promises them (issue 28, item 5): the tests
check every event the outbox wrote against the committed document."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs

DOCUMENT = json.loads((Path(__file__).resolve().parent.parent / "openapi" / "openapi.json").read_text())


def payload_schema(family: str) -> dict:
    """The body the OpenAPI document's `webhooks:` promises for a family's deliveries, as one JSON Schema."""
    body = DOCUMENT["webhooks"][family]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return {**body, "components": DOCUMENT["components"]}


def assert_documented(payload: dict) -> None:
    validator = jsonschema_rs.Draft202012Validator(payload_schema(payload["type"].split(".")[0]), validate_formats=True)
    errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(payload)]
    assert errors == [], (payload, errors)
