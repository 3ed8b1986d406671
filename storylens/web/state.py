"""What the routes share (:class:`WebState`): settings, one store connection
per worker thread, the store generation, the caches and the job queue.

Pages are built in worker threads and cached as rendered bytes, keyed by the
page and the store generation: the generation moves whenever any connection
commits a change to the store file (``PRAGMA data_version`` on a watcher
connection), so a cached page is never served after the store changed. A
request that arrives while others are being served shares their reading of
the generation when it is at most ``GENERATION_SHARED_S`` old (a store read
in the event loop for every request made the loop wait on SQLite and the GIL
under load); a request served alone always reads it afresh.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import secrets
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from starlette.responses import Response

from ..errors import ConfigError, StorylensError
from ..models import Article
from ..settings import Settings
from ..store import Store
from . import data
from .responses import Rendered, error

log = logging.getLogger("storylens.web")

STATIC_DIR = Path(__file__).with_name("static")
MIN_TOKEN = 12
# SQLite page cache of each worker thread's connection. Small on purpose: every
# write to the store empties all of them, so they hold little that is read
# twice; at 1 MB each the soak's server started 13 MB larger (132 against
# 119 MB) with no lower latency. The operating system's file cache is behind them.
THREAD_CACHE_KB = 256
PAGE_CACHE_BYTES = 16 * 2**20  # rendered pages kept (gzip-compressed), in all
SEARCH_CACHE = 2048  # search result pages kept, apart from the other pages (about 2.5 kB each, gzip-compressed)
SEARCH_CACHE_BYTES = 8 * 2**20
BUILDERS = 16  # pages built at once (each in a worker thread with its own store connection)
STAMPS = 32768  # pages whose version is kept
ROUTES = 8192  # requests (path and query string) whose page's place in the cache is kept
GENERATION_SHARED_S = 0.02  # how old a generation reading a concurrent request may share


class LRU:
    """A small thread-safe LRU of ``key -> (generation, value)``, bounded by
    ``maxsize`` entries and, with ``weigh`` (a value's size in bytes), by
    ``max_bytes`` in all."""

    def __init__(self, maxsize: int = 256, max_bytes: int | None = None,
                 weigh: Callable[[Any], int] | None = None):
        self.maxsize = maxsize
        self.max_bytes = max_bytes
        self._weigh = weigh
        self.bytes = 0
        self._d: OrderedDict[Any, tuple[Any, Any]] = OrderedDict()  # key -> (generation or version, value)
        self._lock = threading.Lock()

    def _size(self, value: Any) -> int:
        return self._weigh(value) if self._weigh is not None else 0

    def get(self, key: Any, gen: Any) -> Any:
        with self._lock:
            hit = self._d.get(key)
            if hit is None or hit[0] != gen:
                return None
            self._d.move_to_end(key)
            return hit[1]

    def put(self, key: Any, gen: Any, value: Any) -> None:
        size = self._size(value)
        if self.max_bytes is not None and size > self.max_bytes:
            return  # larger than the whole cache: never kept
        with self._lock:
            old = self._d.pop(key, None)
            if old is not None:
                self.bytes -= self._size(old[1])
            self._d[key] = (gen, value)
            self.bytes += size
            while len(self._d) > self.maxsize or (self.max_bytes is not None and self.bytes > self.max_bytes):
                _, (_, dropped) = self._d.popitem(last=False)
                self.bytes -= self._size(dropped)

    def __len__(self) -> int:
        return len(self._d)

    def keys(self) -> list[Any]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._d)

    def peek(self, key: Any) -> Any:
        """The value kept for ``key``, whatever its generation (None when none)."""
        with self._lock:
            hit = self._d.get(key)
            return hit[1] if hit is not None else None

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self.bytes = 0

    def drop_before(self, gen: int) -> None:
        """Forget the values kept for a generation older than ``gen`` (for
        values that are good for their generation only)."""
        with self._lock:
            for key in [k for k, (g, _) in self._d.items() if isinstance(g, int) and g < gen]:
                self.bytes -= self._size(self._d.pop(key)[1])


# the request being served, as (path, query string): set by :mod:`.fastpath`,
# read by :meth:`WebState.serve` to learn which cached page answers it
REQUEST: contextvars.ContextVar[tuple[str, bytes] | None] = contextvars.ContextVar("storylens_request", default=None)


@dataclass(frozen=True)
class PageRoute:
    """Where a request's page is kept: its cache key, what its stamp is read
    from (``corpus``, ``version`` or ``generation``; see :meth:`WebState.serve`)
    and the cache holding it."""

    key: tuple
    kind: str
    cache: LRU


class WebState:
    """Everything the routes share: settings, per-thread stores, the store
    generation, caches and the job manager."""

    def __init__(self, settings: Settings, *, token: str | None = None):
        if settings.db == ":memory:" or not settings.db:
            raise ConfigError("the web UI needs a store file (--db FILE), not ':memory:'")
        if token is not None and len(token) < MIN_TOKEN:
            raise ConfigError(f"the token must have at least {MIN_TOKEN} characters")
        from .jobs import JobManager

        self.settings = settings
        Store(settings.db).close()  # create and migrate before anyone reads
        self._tls = threading.local()
        self._watch = sqlite3.connect(settings.db, check_same_thread=False, isolation_level=None)
        self._watch_lock = threading.Lock()
        self._data_version: int | None = None
        self.gen = 0
        self._gen_read = -1.0  # time.monotonic() of the last generation reading
        self.in_flight = 0  # requests being served (counted in the event loop)
        self.pages = LRU(2048, PAGE_CACHE_BYTES, lambda r: len(r.body))
        # searches are many and each is asked for rarely: in a cache of their own, a stream of
        # distinct searches cannot push the story and article pages out
        self.searches = LRU(SEARCH_CACHE, SEARCH_CACHE_BYTES, lambda r: len(r.body))
        self._builders: Any = None  # an anyio CapacityLimiter, made in the event loop
        # a story's data (its articles whole) for the pages built in one store generation: the
        # story page in both formats and its articles' pages share it. Kept for the newest
        # generation only: held for 64 stories whatever their generation, it grew with the
        # stories (the soak's server held about 500 articles whole, more as stories grew)
        self.payloads = LRU(64)
        # story or article page key -> (generation, a hash of the version its page is built
        # from): one for every such page a soak's clients ask for (about 7,000), not 4,096
        self.stamps = LRU(STAMPS)
        self.routes = LRU(ROUTES)  # (path, query string) -> PageRoute, for the cached-page path
        self._corpus: tuple[Any, data.Corpus] | None = None  # (corpus version, corpus)
        self._corpus_version: tuple[int, Any] | None = None  # (generation, corpus version)
        self._corpus_lock = threading.Lock()
        self._building: dict[Any, asyncio.Lock] = {}
        self._fts_gen = -1
        self.token = token or secrets.token_urlsafe(24)
        self.jobs = JobManager(settings)
        self.upload_root = Path(settings.db).resolve().parent / "storylens-uploads"
        from .uploads import MAX_UPLOAD

        self.max_upload = MAX_UPLOAD  # bytes in one form post
        from ..present.html import CSS

        self.static = {
            "app.css": (CSS + (STATIC_DIR / "web.css").read_text(encoding="utf-8")).encode("utf-8"),
            "app.js": (STATIC_DIR / "app.js").read_bytes(),
        }

    # -- store access -----------------------------------------------------------
    def store(self) -> Store:
        s = getattr(self._tls, "store", None)
        if s is None:
            s = Store(self.settings.db)
            # one connection per worker thread (up to 40): a small page cache
            # each (see THREAD_CACHE_KB), the operating system's file cache behind them
            s.conn.execute(f"PRAGMA cache_size=-{THREAD_CACHE_KB}")
            self._tls.store = s
        return s

    def generation(self, shared: bool = False) -> int:
        """Moves on whenever the store file changed since the last reading.
        With ``shared``, a reading taken less than ``GENERATION_SHARED_S``
        ago is answered without reading again."""
        if shared and time.monotonic() - self._gen_read < GENERATION_SHARED_S:
            return self.gen
        with self._watch_lock:
            self._gen_read = time.monotonic()
            v = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            if v != self._data_version:
                self._data_version = v
                self.gen += 1
            return self.gen

    def corpus_version(self, gen: int | None = None) -> Any:
        """The store's corpus version (:meth:`Store.corpus_version`), read
        once per generation: commits that store comparisons or search rows
        move the generation, not this."""
        gen = self.generation() if gen is None else gen
        cv = self._corpus_version
        if cv is None or cv[0] != gen:
            cv = (gen, self.store().corpus_version())
            self._corpus_version = cv
        return cv[1]

    def corpus(self, gen: int) -> data.Corpus:
        """The corpus-wide indexes, loaded again only when the corpus version moved."""
        version = self.corpus_version(gen)
        c = self._corpus
        if c is not None and c[0] == version:
            return c[1]
        with self._corpus_lock:
            c = self._corpus
            if c is not None and c[0] == version:
                return c[1]
            corpus = data.Corpus.load(self.store(), c[1] if c is not None else None)
            self._corpus = (version, corpus)
            return corpus

    async def serve_corpus_page(self, key: tuple, build: Callable[[int], Rendered],
                                cache: LRU | None = None) -> Response:
        """A page built from the corpus-wide indexes only: cached (in
        ``cache``, by default with the other pages) for as long as the
        corpus version holds."""
        return await self.serve(key, build, corpus=True, cache=cache)

    def payload(self, key: tuple, gen: int, fn: Callable[[Store, data.Corpus], Any]) -> Any:
        hit = self.payloads.get(key, gen)
        if hit is None:
            hit = fn(self.store(), self.corpus(gen))
            self.payloads.put(key, gen, hit)
            self.payloads.drop_before(gen)  # no older generation's request can use them
        return hit

    def story(self, sid: str, gen: int) -> tuple[data.StoryView, dict[str, Article]]:
        """The story page's data and its articles by name (cached per
        generation: the article page reuses the story's claims)."""
        hit: tuple[data.StoryView, dict[str, Article]] = self.payload(
            ("story", sid), gen, lambda st, co: data.story_page(st, co, sid, self.settings))
        return hit

    def cache_report(self) -> dict[str, Any]:
        """The caches' sizes (entries, and bytes where weighed), for the memory log."""
        corpus = self._corpus
        return {"pages": len(self.pages), "pages_bytes": self.pages.bytes,
                "searches": len(self.searches), "searches_bytes": self.searches.bytes,
                "stamps": len(self.stamps), "routes": len(self.routes), "payloads": len(self.payloads),
                "building": len(self._building), "corpus_docs": len(corpus[1].rows) if corpus else 0}

    def sync_search_index(self) -> None:
        """Bring the full-text index up to date, in a background thread."""
        def run() -> None:
            try:
                with Store(self.settings.db) as s:
                    s.fts_sync()
            except StorylensError as exc:  # pragma: no cover - reported, not fatal
                log.warning("search index not updated: %s", exc)

        threading.Thread(target=run, name="storylens-fts", daemon=True).start()

    # -- serving cached pages --------------------------------------------------------
    async def serve(self, key: tuple, build: Callable[[int], Rendered],
                    version: Callable[[Store], Any] | None = None, *,
                    corpus: bool = False, cache: LRU | None = None) -> Response:
        """The page ``key`` (its last element is the format), from the cache
        or built by ``build(generation)`` in a worker thread (once at a time).

        A cached page is good for the store generation it was built in; with
        ``version`` (a cheap read of what the page is built from, such as a
        story's row and its comparison's key), it stays good across
        generations for as long as that version does, so that articles
        landing elsewhere in the store do not rebuild it. While one request
        rebuilds a page after a change, others get the page kept from before
        rather than queue behind the build. With ``corpus``, the page stays
        good for as long as the corpus version does (one reading per
        generation for all such pages). ``cache`` keeps the page elsewhere
        than with the other pages."""
        # The version is read once per page and generation (a store read in
        # the event loop at every request made each request wait on SQLite and
        # the GIL); read after the generation, it can only be newer than the
        # generation it is kept for, and the next change moves the generation.
        route = PageRoute(key, "corpus" if corpus else "version" if version is not None else "generation",
                          self.pages if cache is None else cache)
        request = REQUEST.get()
        if request is not None:
            self.routes.put(request, 0, route)  # the next such request is answered from the cache directly
        self.in_flight += 1
        try:
            return await self._serve(route, build, version)
        finally:
            self.in_flight -= 1

    def _stamp(self, route: PageRoute, gen: int, version: Callable[[Store], Any] | None) -> Any:
        """What a cached page of ``route`` must have been built for to be
        good now; ``None`` when that needs a store read and ``version`` is
        not given."""
        if route.kind == "corpus":
            try:
                return ("c", self.corpus_version(gen))
            except StorylensError:
                return gen
        if route.kind == "version":
            stamp = self.stamps.get(route.key, gen)
            if stamp is None and version is not None:
                try:
                    stamp = ("v", hash(version(self.store())))  # a story's version holds its whole row
                except StorylensError:
                    stamp = gen
                self.stamps.put(route.key, gen, stamp)
            return stamp
        return gen

    def cached(self, request: tuple[str, bytes]) -> Rendered | None:
        """The page kept for a request (its path and query string) whose page
        was built before and is still good, without a store read beyond the
        generation's; ``None`` sends the request the long way, through the
        routes (:mod:`.fastpath`)."""
        route = self.routes.get(request, 0)
        if route is None:
            return None
        self.in_flight += 1
        try:
            gen = self.generation(shared=self.in_flight > 1)
            stamp = self._stamp(route, gen, None)
            if stamp is None:
                return None
            hit: Rendered | None = route.cache.get(route.key, stamp)
            return hit
        finally:
            self.in_flight -= 1

    async def _serve(self, route: PageRoute, build: Callable[[int], Rendered],
                     version: Callable[[Store], Any] | None) -> Response:
        key, pages = route.key, route.cache
        gen = self.generation(shared=self.in_flight > 1)
        stamp = self._stamp(route, gen, version)
        hit = pages.get(key, stamp)
        if hit is None:
            lock = self._building.setdefault(key, asyncio.Lock())
            if lock.locked():
                # another request is building this page for the new store: the
                # one kept from before serves meanwhile (at most one build old)
                stale = pages.peek(key)
                if stale is not None:
                    return stale.response()
            try:
                async with lock:
                    hit = pages.get(key, stamp)
                    if hit is None:
                        if self._builders is None:
                            self._builders = anyio.CapacityLimiter(BUILDERS)
                        hit = await anyio.to_thread.run_sync(self._build, build, gen, key[-1],
                                                             limiter=self._builders)
                        if hit.status < 500:
                            pages.put(key, stamp, hit)
            finally:  # also when the client went away meanwhile: no lock is left behind
                if self._building.get(key) is lock:
                    del self._building[key]
        return hit.response()

    def search_synced(self, gen: int) -> None:
        """Bring the search index up to date before a search is built, once
        per store generation (a read when nothing is pending: the job
        process syncs it after each job; this catches articles stored by
        another process). A search never waits for another writer: when the
        store is busy (a job is writing), the job's own sync will do."""
        if self._fts_gen == gen:
            return
        self._fts_gen = gen
        if not self.store().fts_behind():  # the usual case: one read
            return
        conn = self.store().conn
        conn.execute("PRAGMA busy_timeout=0")
        try:
            self.store().fts_sync()
        except sqlite3.OperationalError:
            # another process is writing: its commit moves the generation, and
            # the next search after that tries again (the job process also
            # syncs after each job). Waiting here, or trying again at every
            # search, made each search queue for the write lock.
            pass
        finally:
            conn.execute("PRAGMA busy_timeout=30000")

    @staticmethod
    def _build(build: Callable[[int], Rendered], gen: int, fmt: str) -> Rendered:
        """The page, compressed for the cache (in the worker thread, not the event loop)."""
        try:
            return build(gen).packed()
        except data.NotFound as exc:
            return error(404, exc.message, fmt)
        except StorylensError as exc:
            return error(400, exc.message, fmt)
        except Exception:
            log.exception("page failed")
            return error(500, "internal error while building this page (see the server log)", fmt)
