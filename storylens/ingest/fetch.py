"""Fetching URLs safely: timeouts, a size cap, a clear user agent, and no
requests to loopback, private, link-local or reserved addresses unless the
user explicitly allows them."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from .. import __version__
from ..errors import FetchError, UnsafeURLError

USER_AGENT = f"storylens/{__version__} (news dossier tool; +https://pypi.org/project/storylens/)"
MAX_REDIRECTS = 5


@dataclass
class FetchPolicy:
    timeout: float = 15.0
    max_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False


@dataclass
class Fetched:
    url: str
    final_url: str
    data: bytes
    content_type: str
    charset: str | None


def is_public_address(ip: str) -> bool:
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return not (
        addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
        or addr.is_multicast or addr.is_unspecified
    )


def check_url(url: str, policy: FetchPolicy) -> None:
    """Raise unless ``url`` is http(s) and every address its host resolves to
    is public (or the policy allows private addresses)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}", doc=url, stage="ingest")
    host = parts.hostname
    if not host:
        raise FetchError("URL has no host", doc=url, stage="ingest")
    if policy.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}", doc=url, stage="ingest") from exc
    for info in infos:
        ip = info[4][0]
        if not is_public_address(ip):
            raise UnsafeURLError(
                f"refusing to fetch {host} ({ip}): loopback, private or link-local address "
                "(pass --allow-private-urls to allow it)", doc=url, stage="ingest")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[override]
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` with the safety checks applied to every redirect hop."""
    policy = policy or FetchPolicy()
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        check_url(current, policy)
        req = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            resp = _opener.open(req, timeout=policy.timeout)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urllib.parse.urljoin(current, exc.headers["Location"])
                continue
            raise FetchError(f"HTTP {exc.code} {exc.reason}", doc=url, stage="ingest") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"unreachable: {reason}", doc=url, stage="ingest") from exc
        with resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise FetchError(f"response too large ({int(length)} bytes)", doc=url, stage="ingest")
            try:
                data = resp.read(policy.max_bytes + 1)
            except (OSError, socket.timeout) as exc:
                raise FetchError(f"read failed: {exc}", doc=url, stage="ingest") from exc
            if len(data) > policy.max_bytes:
                raise FetchError(f"response larger than {policy.max_bytes} bytes", doc=url, stage="ingest")
            ctype = resp.headers.get_content_type() or ""
            charset = resp.headers.get_content_charset()
            return Fetched(url, current, data, ctype, charset)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", doc=url, stage="ingest")
