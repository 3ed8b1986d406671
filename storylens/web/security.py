"""The web app's security headers and Host check (against DNS rebinding)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


_SECURITY_NAMES = {k for k, _ in SECURITY_HEADERS}


def with_security_headers(headers: Any) -> list[tuple[bytes, bytes]]:
    """A response's raw headers with the security headers set (replacing
    any the response had) and ``cache-control: no-cache`` unless it has one."""
    out = [(k, v) for k, v in headers if k.lower() not in _SECURITY_NAMES]
    if not any(k.lower() == b"cache-control" for k, _ in out):
        out.append((b"cache-control", b"no-cache"))
    return out + SECURITY_HEADERS


def is_loopback(host: str) -> bool:
    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def default_allowed_hosts(host: str) -> set[str] | None:
    """The Host header names a server bound to ``host`` answers to: the
    loopback names plus ``host``; None (any) when bound to all interfaces."""
    if host in ("0.0.0.0", "::", ""):
        return None
    return {"127.0.0.1", "localhost", "::1", host.strip("[]").lower()}


class SecurityMiddleware:
    """Adds the security headers to every response and refuses requests
    whose Host header is not one this server answers to (DNS rebinding)."""

    def __init__(self, app: Any, allowed_hosts: set[str] | None):
        self.app = app
        self.allowed = allowed_hosts

    @property
    def state(self) -> Any:
        """The wrapped application's state (``app.state.web``)."""
        return self.app.state

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            host = ""
            for k, v in scope.get("headers", []):
                if k == b"host":
                    host = v.decode("latin-1")
                    break
            name = re.sub(r":\d+$", "", host).strip("[]").lower()
            if name not in self.allowed:
                body = b"unknown host"
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"12")]
                            + SECURITY_HEADERS})
                await send({"type": "http.response.body", "body": body})
                return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers") or [])
            await send(message)

        await self.app(scope, receive, send_with_headers)
