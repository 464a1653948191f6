"""The baseline of scripts/bench_http.py: bare FastAPI answering each path with a body held in memory.

    python scripts/bare_app.py BODIES.json PORT

BODIES.json lists {method, path, status, content_type, body}. JSON bodies are returned as Python
objects from a sync `def`, so FastAPI encodes them (as the service's routes do); other bodies as bytes.
One uvicorn worker, no middleware, no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import uvicorn
from fastapi import FastAPI, Request, Response


def route(entry: dict) -> Any:
    if entry["content_type"].startswith("application/json"):
        data = json.loads(entry["body"])

        def answer_json(request: Request) -> Any:
            return data

        return answer_json
    raw = entry["body"].encode()

    def answer(request: Request) -> Response:
        return Response(raw, status_code=entry["status"], media_type=entry["content_type"])

    return answer


def build(entries: list[dict]) -> FastAPI:
    app = FastAPI()
    app.add_api_route("/ready", lambda: {"status": "ready"}, methods=["GET"])
    for entry in entries:
        app.add_api_route(entry["path"], route(entry), methods=[entry["method"]], status_code=entry["status"])
    return app


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        bare = build(json.load(f))
    uvicorn.run(bare, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
