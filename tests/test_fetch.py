import http.server
import threading
import time

import pytest

from storylens.errors import FetchError, UnsafeURLError
from storylens.ingest.fetch import (
    USER_AGENT,
    FetchPolicy,
    check_url,
    fetch,
    is_public_address,
)


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254",
                                "::1", "fe80::1", "0.0.0.0", "::ffff:127.0.0.1", "fd00::1",
                                # carrier-grade NAT space (a cloud's metadata service at 100.100.100.200), an
                                # IPv6 address carrying a loopback or private IPv4 (6to4, Teredo)
                                "100.64.0.1", "100.100.100.200", "2002:7f00:1::", "2002:a00:1::",
                                "2001:0:4136:e378:8000:63bf:80ff:fffe"])
def test_internal_addresses_are_not_public(ip):
    assert not is_public_address(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "::ffff:93.184.216.34",
                                "2002:5db8:d822::1"])
def test_public_address(ip):
    assert is_public_address(ip)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/x", "http://localhost/", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/", "http://10.0.0.1/"])
def test_internal_urls_refused_by_default(url):
    with pytest.raises(UnsafeURLError, match="loopback, private or link-local"):
        check_url(url, FetchPolicy())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_only_http(url):
    with pytest.raises(UnsafeURLError):
        check_url(url, FetchPolicy())


class _Handler(http.server.BaseHTTPRequestHandler):
    seen_agent = None

    def do_GET(self):  # noqa: N802
        _Handler.seen_agent = self.headers.get("User-Agent")
        if self.path == "/trickle":  # 8 bytes a second, for as long as the client listens
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"slowly. ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if self.path == "/big":
            body = b"x" * 5000
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
            return
        else:
            body = b"<html><body><p>Hello</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_fetch_loopback_needs_explicit_permission(server):
    with pytest.raises(UnsafeURLError):
        fetch(server + "/page")
    got = fetch(server + "/redirect", FetchPolicy(allow_private=True, timeout=5))
    assert got.final_url.endswith("/page") and b"Hello" in got.data
    assert _Handler.seen_agent == USER_AGENT


def test_size_cap(server):
    with pytest.raises(FetchError, match="larger than|too large"):
        fetch(server + "/big", FetchPolicy(allow_private=True, max_bytes=1000, timeout=5))


def test_unreachable_is_a_fetch_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    with pytest.raises(FetchError, match="unreachable"):
        fetch(f"http://127.0.0.1:{port}/", FetchPolicy(allow_private=True, timeout=3))


def test_dns_rebinding_is_caught_at_connect(server, monkeypatch):
    """The name passes the check with a public address, then resolves to
    loopback when the connection is made: the connection is refused."""
    import socket as socket_mod

    real = socket_mod.getaddrinfo
    calls = {"n": 0}

    def fake(host, *a, **kw):
        if host == "rebind.example":
            calls["n"] += 1
            ip = "93.184.216.34" if calls["n"] == 1 else "127.0.0.1"
            return [(socket_mod.AF_INET, socket_mod.SOCK_STREAM, 6, "", (ip, a[0] if a else 80))]
        return real(host, *a, **kw)

    monkeypatch.setattr(socket_mod, "getaddrinfo", fake)
    port = server.rsplit(":", 1)[1]
    with pytest.raises(UnsafeURLError):
        fetch(f"http://rebind.example:{port}/page", FetchPolicy(timeout=3))
    assert calls["n"] == 2


def test_a_trickling_server_is_cut_off_at_the_overall_deadline(server):
    """8 bytes a second never trips the per-read timeout; the fetch's
    deadline ends it, with a reason naming the setting."""
    t0 = time.monotonic()
    with pytest.raises(FetchError, match="longer than 2 s in all"):
        fetch(server + "/trickle", FetchPolicy(allow_private=True, timeout=5, deadline=2))
    assert time.monotonic() - t0 < 4


def test_a_fast_page_is_untouched_by_the_deadline(server):
    got = fetch(server + "/page", FetchPolicy(allow_private=True, timeout=5, deadline=2))
    assert b"Hello" in got.data
