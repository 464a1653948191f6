"""Where messages go: an SMTP server (SAMORDNING_SMTP_URL), or without one .eml files under mail_dir.

smtp:// speaks STARTTLS whenever the server offers it, and never sends credentials without it;
smtps:// is TLS from the first byte. The certificate is checked against the host name.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)


class Refused(Exception):
    """The server refused the message for good (5xx): sending it again would not help."""


class Transport:
    """One connection (or one folder) for a batch of messages: `with transport: transport.send(…)`."""

    def send(self, mail_id: str, raw: str, sender: str, recipient: str) -> None:
        raise NotImplementedError

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


class Folder(Transport):
    """Development without a mail server: each message as `<id>.eml`, its path logged."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, mail_id: str, raw: str, sender: str, recipient: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{mail_id}.eml"
        partial = path.with_suffix(".part")
        partial.write_text(raw, encoding="ascii", newline="")
        os.replace(partial, path)  # a reader never sees half a message; sent again, it is the same file
        log.info("mail to %s written to %s", recipient, path)


class Smtp(Transport):
    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 587)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password or "")
        self.timeout = timeout
        self.conn: smtplib.SMTP | None = None

    def __enter__(self) -> Smtp:
        tls = ssl.create_default_context()
        if self.implicit_tls:
            conn: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=tls)
        else:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            conn.ehlo()
            if not self.implicit_tls and conn.has_extn("starttls"):
                conn.starttls(context=tls)
                conn.ehlo()
            elif not self.implicit_tls and self.user:
                raise smtplib.SMTPNotSupportedError("the server offers no STARTTLS: credentials are not sent in clear")
            if self.user:
                conn.login(self.user, self.password)
        except BaseException:
            conn.close()
            raise
        self.conn = conn
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                self.conn.close()
            self.conn = None

    def send(self, mail_id: str, raw: str, sender: str, recipient: str) -> None:
        assert self.conn is not None
        try:
            self.conn.sendmail(sender, [recipient], raw.encode("ascii"))
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients[recipient]
            if code >= 500:
                raise Refused(f"{code} {_said(text)}") from exc
            raise
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            if exc.smtp_code >= 500:
                raise Refused(f"{exc.smtp_code} {_said(exc.smtp_error)}") from exc
            raise


def _said(text: bytes | str) -> str:
    return text.decode(errors="replace") if isinstance(text, bytes) else text


def transport(smtp_url: str | None, mail_dir: Path, timeout: float) -> Transport:
    return Smtp(smtp_url, timeout) if smtp_url else Folder(mail_dir)
