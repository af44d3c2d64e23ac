"""What the web app's factory, routes and store access share: security headers,
the error shape, the bearer-token check, static files and the HTTP refusal.

It imports nothing from FastAPI, so :mod:`storytrace.web.app` can use it
before checking that the ``web`` extra is installed, and :mod:`.routes`
imports it instead of the app factory (which imports the routes).
"""

from __future__ import annotations

import hmac
from importlib import resources
from typing import Any

from ..errors import MissingExtra

__all__ = ["CSP", "SECURITY_HEADERS", "Refused", "error_body", "require_web", "static_text", "token_matches"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class Refused(Exception):
    """An HTTP refusal with a stable code; rendered as JSON under /api, as a page elsewhere."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = status, code, message, headers or {}, extra


def require_web() -> None:
    """Raise :class:`MissingExtra` unless FastAPI and Jinja2 are installed."""
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra(exc.name or "fastapi", "web", "storytrace serve") from None

def static_text(name: str) -> str:
    """A file of ``storytrace.web/static``."""
    return resources.files("storytrace.web").joinpath("static", name).read_text(encoding="utf-8")


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The one JSON shape of every API error."""
    return {"error": {"status": status, "code": code, "message": message, **extra}}


def token_matches(expected: str, header: str | None, cookie: str | None = None) -> bool:
    """Constant-time check of a ``Bearer`` header (or the token cookie) against the setting."""
    if not expected:
        return False
    given = None
    if header and header[:7].lower() == "bearer ":
        given = header[7:].strip()
    elif cookie:
        given = cookie
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
