"""Log lines as JSON, one object a line: what a log collector parses without a pattern per logger."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from app.observability import current_request_id

# Attributes a record may carry through `extra=`; the access log sets them all.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if (value := getattr(record, name, None)) is not None:
                line[name] = value
        if "request_id" not in line and (request_id := current_request_id()) is not None:
            line["request_id"] = request_id  # any line logged while a request is served
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_config(level: str) -> dict[str, Any]:
    """`logging.config.dictConfig` for the whole process, uvicorn's loggers included: JSON on stderr.

    uvicorn's own access log is off (`samordning serve` passes access_log=False): the service's
    access line (logger samordning.access) replaces it and also has the request id and duration."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            name: {"handlers": [], "level": level.upper(), "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }
