"""Prints the OpenAPI document: `python -m app.openapi > openapi/openapi.json`."""

import json
import sys

from app.main import create_app


def render() -> str:
    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
