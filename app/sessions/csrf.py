"""Cross-site request forgery: a change sent with the session cookie must come from a page of this service.

The browser attaches the cookie to any request to this host, a form posted from another site included
(SameSite=Lax still lets top-level navigations and same-site subdomains through). A cross-site form
cannot set a header, and cross-origin script cannot send one without a CORS preflight this service
refuses (app/security_headers.py lists no such origin or header), so the header proves the page is ours.
The Origin, when the browser sends it, must be ours too. Bearer tokens are not sent by browsers on their
own and need neither.
"""

from __future__ import annotations

from starlette.requests import Request

from app.errors import CsrfRefused
from app.sessions.service import SignInSettings, origin_of

HEADER, VALUE = "X-Requested-With", "samordning"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def check(request: Request, config: SignInSettings) -> None:
    """403 unless an unsafe request carries the header and, if any, the service's own Origin."""
    if request.method in SAFE_METHODS:
        return
    if request.headers.get(HEADER) != VALUE:
        raise CsrfRefused(f"Signing in, and changes made with the sign-in cookie, need the header {HEADER}: {VALUE}.")
    origin = request.headers.get("origin")
    if origin is not None and origin not in (config.origin, origin_of(str(request.base_url))):
        raise CsrfRefused(
            f"Signing in, and changes made with the sign-in cookie, must come from this service, not {origin[:100]}."
        )
