"""Fetching URLs safely: timeouts, a size cap, a clear user agent, and no
requests to loopback, private, link-local or reserved addresses unless the
user explicitly allows them."""

from __future__ import annotations

import contextlib
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from .._version import __version__
from ..errors import FetchError, UnsafeURLError

USER_AGENT = f"storylens/{__version__} (news dossier tool; +https://pypi.org/project/storylens/)"
MAX_REDIRECTS = 5


@dataclass
class FetchPolicy:
    timeout: float = 15.0  # seconds to wait for the server at each step (connect, each read)
    max_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False
    deadline: float = 60.0  # seconds for the whole fetch, redirects included


class _Deadline:
    """The wall-clock end of one fetch. Every socket the fetch opens is
    registered; a timer shuts them down when the time is up, so that a server
    trickling a byte a second cannot keep a read going (the per-read timeout
    never fires on it)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.end - time.monotonic()

    def timeout(self, per_step: float) -> float:
        """The socket timeout for the next step: the per-step one, or less near the end."""
        return max(0.01, min(per_step, self.left()))

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                raise TimeoutError("fetch deadline reached")
            self._socks.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


@dataclass
class Fetched:
    url: str
    final_url: str
    data: bytes
    content_type: str
    charset: str | None


def is_public_address(ip: str) -> bool:
    """Whether ``ip`` is a globally routed unicast address. Not: private,
    loopback, link-local, reserved, multicast or unspecified addresses, nor
    the carrier-grade NAT space 100.64.0.0/10 (where some clouds serve their
    metadata, 100.100.100.200), nor an IPv6 address that carries an IPv4
    one that is not public (mapped, 6to4 or Teredo)."""
    addr = ipaddress.ip_address(ip)
    if isinstance(addr, ipaddress.IPv6Address):
        for inner in (addr.ipv4_mapped, addr.sixtofour, addr.teredo[1] if addr.teredo else None):
            if inner is not None and not is_public_address(str(inner)):
                return False
        if addr.ipv4_mapped:
            return True
    return addr.is_global and not (
        addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
        or addr.is_multicast or addr.is_unspecified
    )


def check_url(url: str, policy: FetchPolicy) -> None:
    """Raise unless ``url`` is http(s) and every address its host resolves to
    is public (or the policy allows private addresses)."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # "http://[::1/", a port that is not a number
        raise FetchError(f"malformed URL: {exc}", doc=url, stage="ingest") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeURLError(f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}", doc=url, stage="ingest")
    if not host:
        raise FetchError("URL has no host", doc=url, stage="ingest")
    if policy.allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}", doc=url, stage="ingest") from exc
    for info in infos:
        ip = str(info[4][0])
        if not is_public_address(ip):
            raise UnsafeURLError(
                f"refusing to fetch {host} ({ip}): loopback, private or link-local address "
                "(pass --allow-private-urls to allow it)", doc=url, stage="ingest")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _vetted_socket(host: str, port: int, timeout: float, policy: FetchPolicy,
                   deadline: _Deadline | None = None) -> socket.socket:
    """Resolve ``host`` once, check every address, and connect to a checked
    address, so a DNS answer that changes between check and connect (DNS
    rebinding) cannot reach an internal address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve host {host!r}: {exc}") from exc
    if not policy.allow_private:
        for info in infos:
            if not is_public_address(str(info[4][0])):
                raise UnsafeURLError(f"refusing to connect to {host} ({info[4][0]}): loopback, private or "
                                     "link-local address (pass --allow-private-urls to allow it)", stage="ingest")
    last: OSError | None = None
    for family, type_, proto, _, addr in infos:
        sock = socket.socket(family, type_, proto)
        sock.settimeout(deadline.timeout(timeout) if deadline else timeout)
        if deadline is not None:
            deadline.register(sock)
        try:
            sock.connect(addr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last or OSError(f"no address for {host}")


class _VettedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, policy: FetchPolicy, deadline: _Deadline | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._policy = policy
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = _vetted_socket(self.host, self.port, self.timeout, self._policy,  # type: ignore[arg-type]
                                   self._deadline)


class _VettedHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args: Any, policy: FetchPolicy, deadline: _Deadline | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._policy = policy
        self._deadline = deadline

    def connect(self) -> None:
        sock = _vetted_socket(self.host, self.port, self.timeout, self._policy,  # type: ignore[arg-type]
                              self._deadline)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _opener_for(policy: FetchPolicy, deadline: _Deadline | None = None) -> urllib.request.OpenerDirector:
    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(functools.partial(_VettedHTTP, policy=policy, deadline=deadline), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(functools.partial(_VettedHTTPS, policy=policy, deadline=deadline), req,
                                context=ssl.create_default_context())

    # no proxies: a proxy would connect on our behalf without the address check
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect, HTTP, HTTPS)


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` with the safety checks applied to every redirect hop, within
    ``policy.deadline`` seconds in all."""
    policy = policy or FetchPolicy()
    deadline = _Deadline(policy.deadline)
    try:
        return _fetch(url, policy, deadline)
    except FetchError:
        if deadline.expired:
            raise FetchError(f"took longer than {policy.deadline:g} s in all (fetch_deadline)",
                             doc=url, stage="ingest") from None
        raise
    finally:
        deadline.cancel()


def _read(resp: http.client.HTTPResponse, limit: int, deadline: _Deadline) -> bytes:
    """At most ``limit`` bytes of the body, in pieces, checking the deadline between them."""
    parts: list[bytes] = []
    size = 0
    while size < limit:
        if deadline.left() <= 0:
            raise TimeoutError("fetch deadline reached")
        piece = resp.read1(min(65536, limit - size))
        if not piece:
            break
        parts.append(piece)
        size += len(piece)
    if deadline.expired:  # the timer shut the socket: what was read is cut short
        raise TimeoutError("fetch deadline reached")
    return b"".join(parts)


def _fetch(url: str, policy: FetchPolicy, deadline: _Deadline) -> Fetched:
    opener = _opener_for(policy, deadline)
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        check_url(current, policy)
        req = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            resp = opener.open(req, timeout=deadline.timeout(policy.timeout))
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                try:
                    current = urllib.parse.urljoin(current, exc.headers["Location"])
                except ValueError as bad:
                    raise FetchError(f"malformed redirect: {bad}", doc=url, stage="ingest") from bad
                continue
            raise FetchError(f"HTTP {exc.code} {exc.reason}", doc=url, stage="ingest") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, UnsafeURLError):
                raise UnsafeURLError(reason.message, doc=url, stage="ingest") from exc
            raise FetchError(f"unreachable: {reason}", doc=url, stage="ingest") from exc
        with resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise FetchError(f"response too large ({int(length)} bytes)", doc=url, stage="ingest")
            try:
                data = _read(resp, policy.max_bytes + 1, deadline)
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                raise FetchError(f"read failed: {exc}", doc=url, stage="ingest") from exc
            if len(data) > policy.max_bytes:
                raise FetchError(f"response larger than {policy.max_bytes} bytes", doc=url, stage="ingest")
            ctype = resp.headers.get_content_type() or ""
            charset = resp.headers.get_content_charset()
            return Fetched(url, current, data, ctype, charset)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", doc=url, stage="ingest")
