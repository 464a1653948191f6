"""The text of an uploaded PDF, Word (DOCX) or ODT file, for the public search.

The file is hostile until read: a PDF's parser can loop or balloon on a crafted file, and a zip
package can hold a gigabyte in a kilobyte. So the text is read in a child process
(`python -m app.files.readers KIND`, the file on its stdin, the text on its stdout; see there) that
limits its own memory and CPU time and is killed past a wall-clock timeout. Whatever goes wrong, the
upload goes on: the file is kept, marked as having no searchable text.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from app.files.kinds import DOCX, ODT, PDF
from app.files.readers import MAX_TEXT_CHARS, TIMEOUT_SECONDS

log = logging.getLogger("samordning.files")

READ = {PDF: "pdf", DOCX: "docx", ODT: "odt"}  # the types whose text is read, by their reader's name
TEXT, NONE, FAILED = "text", "none", "failed"  # the file has text / has none (scanned) / could not be read


@dataclass(frozen=True)
class Extracted:
    status: str
    text: str = ""

    @property
    def searchable(self) -> bool:
        return self.status == TEXT


def extract(spooled: IO[bytes], media_type: str, timeout: float = TIMEOUT_SECONDS) -> Extracted | None:
    """The file's text; None for a type whose text is not read (a spreadsheet, an image)."""
    if media_type not in READ:
        return None
    spooled.flush()
    spooled.seek(0)
    root = str(Path(__file__).resolve().parents[2])  # where `app` is, wherever the child starts
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": root, "PYTHONDONTWRITEBYTECODE": "1"}
    stopped = False
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app.files.readers", READ[media_type]],
            stdin=spooled,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
        out = done.stdout
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().rsplit("\n", 1)[-1][:300]
            log.warning("text extraction from a %s failed: %s", media_type, reason or f"exit {done.returncode}")
            stopped = True
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        log.warning("text extraction from a %s stopped after %s s", media_type, timeout)
        out, stopped = exc.stdout or b"", True
    except OSError as exc:
        log.warning("text extraction could not start: %s", exc)
        out, stopped = b"", True
    finally:
        spooled.seek(0)  # the child read the same open file
    # What was read before the child stopped (a long report's first pages) is searchable still.
    text = out.decode("utf-8", "replace")[:MAX_TEXT_CHARS]
    if text.strip():
        return Extracted(TEXT, text)
    return Extracted(FAILED if stopped else NONE)
