"""The committed OpenAPI document is what the app generates, and it covers the paths API.md fixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.openapi import render

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


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
