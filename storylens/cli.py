"""The command line: a thin shell, one library call per command."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import InputError, StorylensError
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .pipeline import RunReport


def _common(p: argparse.ArgumentParser, *, db_default: str | None = None) -> None:
    h = Settings.help()
    p.add_argument("--db", help=f"{h['db']} (default: {db_default or 'storylens.db'})")
    p.add_argument("--config", help="config file (TOML; default ./storylens.toml when present)")


def _inputs(p: argparse.ArgumentParser, *, optional: bool = False) -> None:
    h = Settings.help()
    if optional:
        p.add_argument("paths", nargs="*", metavar="PATH",
                       help="files, folders, WARC archives, feeds, URL lists or URLs (none: read the store --db)")
    else:
        p.add_argument("paths", nargs="+", metavar="PATH",
                       help="files, folders, WARC archives, feeds, URL lists or URLs")
    p.add_argument("--meta", help="sidecar metadata, CSV or JSON: file -> outlet, url, published, title")
    p.add_argument("--max-bytes", type=int, help=h["max_bytes"])
    p.add_argument("--allow-private-urls", action="store_true", default=None, help=h["allow_private_urls"])
    p.add_argument("--fetch-timeout", type=float, help=h["fetch_timeout"])
    p.add_argument("--fetch-deadline", type=float, help=h["fetch_deadline"])
    p.add_argument("--max-doc-words", type=int, help=h["max_doc_words"])
    p.add_argument("--workers", type=int, help=h["workers"])
    p.add_argument("--scheduler", help=h["scheduler"])
    p.add_argument("--html-mode", choices=("fast", "precise"), help=h["html_mode"])
    p.add_argument("--no-progress", dest="progress", action="store_false", default=None, help="no progress bars")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="storylens", description="Cross-source news story dossiers with every claim cited.")
    ap.add_argument("--version", action="version", version=f"storylens {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="run the whole pipeline and write the dossier")
    _inputs(p)
    _common(p)
    p.add_argument("--out", help=Settings.help()["out"] + " (default: storylens-out)")
    p.add_argument("--summary-sentences", type=int, help=Settings.help()["summary_sentences"])
    p.add_argument("--lexicon", metavar="FILE", help=Settings.help()["lexicon"])
    p.add_argument("--max-story-words", type=int, help=Settings.help()["max_story_words"])

    p = sub.add_parser("quotes", help="print every quotation with its speaker")
    _inputs(p, optional=True)
    _common(p, db_default=":memory:")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the stable contract)")
    p.add_argument("--all", action="store_true", help="also list scare quotes and titles in the table view")

    p = sub.add_parser("stories", help="print each article's story and copy relation")
    _inputs(p, optional=True)
    _common(p, db_default=":memory:")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the stable contract)")

    p = sub.add_parser("dates", help="print every date and time expression with its resolved value")
    _inputs(p, optional=True)
    _common(p, db_default=":memory:")
    p.add_argument("--jsonl", action="store_true", help="JSON lines (the stable contract)")

    p = sub.add_parser("articles", help="list stored articles and rejected documents")
    _common(p)
    p.add_argument("--json", action="store_true", help="JSON lines")

    p = sub.add_parser("show", help="show an article's clean text with removed furniture marked")
    p.add_argument("doc", help="document name (file stem or JSONL id) or id")
    _common(p)
    p.add_argument("--json", action="store_true", help="the stored article as JSON")

    p = sub.add_parser("serve", help="browse the store in a web browser")
    _common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--allow-private-urls", action="store_true", default=None,
                   help=Settings.help()["allow_private_urls"])
    p.add_argument("--watch", action="append", metavar="DIR",
                   help="analyze files that appear or change in this folder (repeatable); the story index "
                        "stays in memory, so each new article is linked in milliseconds")
    p.add_argument("--watch-interval", type=float, default=5.0, metavar="SECONDS",
                   help="how often watched folders are scanned (default 5)")
    p.add_argument("--job-timeout", type=float, metavar="SECONDS", help=Settings.help()["job_timeout"])
    p.add_argument("--token", default=os.environ.get("STORYLENS_TOKEN") or None,
                   help="the token that adding articles from the browser needs (default: $STORYLENS_TOKEN, "
                        "else a random one printed at start-up); reading needs none")
    return ap


def _settings(args: argparse.Namespace, **defaults: Any) -> Settings:
    names = ("db", "out", "max_bytes", "fetch_timeout", "allow_private_urls", "workers", "scheduler", "html_mode", "progress",
             "summary_sentences", "lexicon", "fetch_deadline", "max_doc_words", "max_story_words", "job_timeout")
    over = {k: getattr(args, k, None) for k in names}
    for k, v in defaults.items():
        if over.get(k) is None:
            over[k] = v
    return load_settings(getattr(args, "config", None), **over)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr)


def _report_rejections(report: RunReport) -> None:
    for r in report.rejections:
        _say(f"rejected {r['doc']}: {r['reason']}")
    if report.rejected:
        _say(f"{report.rejected} document(s) rejected")


def cmd_analyze(args: argparse.Namespace) -> int:
    from . import api

    settings = _settings(args)
    report = api.analyze(args.paths, settings=settings, meta=args.meta, out=args.out)
    _report_rejections(report)
    _say(f"{report.summary()}; extraction+NLP runs: {report.extract_calls}, stage results computed: "
         f"{report.annotate_calls}, newly linked: {report.linked}")
    if report.index_rebuilt:
        _say("the story index was rebuilt: another version of storylens had built it")
    out = args.out or settings.out
    if report.outputs:
        _say(f"dossier written to {out}/index.html and {out}/dossier.json")
    else:  # a corpus-scale run over a corpus too large to read as one dossier
        _say(f"results in {settings.db} (storylens serve --db {settings.db}) and as Parquet in "
             f"{settings.scale_dir or out + '/parquet'}; the dossier pages are not written at this size")
    return 0


def _source(args: argparse.Namespace) -> tuple[list[str], Settings]:
    """What ``quotes``, ``stories`` and ``dates`` read: the inputs (analyzed into
    ``--db``, in memory by default), or with no inputs the store ``--db``
    names, which must exist."""
    settings = _settings(args, db=":memory:")
    if not args.paths:
        if settings.db in ("", ":memory:"):
            raise InputError("give files, folders or URLs to analyze, or --db FILE to read a store")
        from .api import require_store

        require_store(settings.db)
    return list(args.paths), settings


def cmd_quotes(args: argparse.Namespace) -> int:
    from . import api
    from .pipeline import RunReport

    paths, settings = _source(args)
    report = RunReport()
    quotes = api.find_quotes(paths, settings=settings, meta=args.meta, report=report)
    out = sys.stdout
    for q in quotes:
        if args.jsonl:
            out.write(json.dumps(q.to_json(), ensure_ascii=False) + "\n")
        elif q.is_speech or args.all:
            out.write(f"{q.doc}\t{q.start}-{q.end}\t{q.kind}\t{q.speaker or '?'}\t“{q.text}”\n")
    _report_rejections(report)
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    from . import api
    from .pipeline import RunReport

    paths, settings = _source(args)
    report = RunReport()
    links = api.find_stories(paths, settings=settings, meta=args.meta, report=report)
    for link in links:
        if args.jsonl:
            sys.stdout.write(json.dumps(link.to_json(), ensure_ascii=False) + "\n")
        else:
            rel = link.relation + (f" of {link.duplicate_of}" if link.duplicate_of else "")
            sys.stdout.write(f"{link.story}\t{link.doc}\t{rel}\n")
    _report_rejections(report)
    return 0


def cmd_dates(args: argparse.Namespace) -> int:
    from . import api
    from .pipeline import RunReport

    paths, settings = _source(args)
    report = RunReport()
    found = api.find_dates(paths, settings=settings, meta=args.meta, report=report)
    out = sys.stdout
    for t in found:
        if args.jsonl:
            out.write(json.dumps(t.to_json(), ensure_ascii=False) + "\n")
        else:
            flag = "" if t.resolved else "\t(no publication date)"
            out.write(f"{t.doc}\t{t.start}-{t.end}\t{t.type}\t{t.value}\t{t.text}{flag}\n")
    _report_rejections(report)
    return 0


def cmd_articles(args: argparse.Namespace) -> int:
    from . import api

    settings = _settings(args)
    with api.require_store(settings.db) as store:
        rows = api.list_articles(store)
    for r in rows:
        if args.json:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            title = (r["title"] or "")[:60]
            reason = f"  ({r['reason']})" if r["reason"] else ""
            sys.stdout.write(f"{r['name'][:28]:28} {str(r['outlet'] or '-')[:18]:18} {str(r['published'] or '-')[:10]:10} "
                             f"{title:60} {r['words']:6} {r['status']}{reason}\n")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from . import api

    settings = _settings(args)
    with api.require_store(settings.db) as store:
        a = api.show_article(store, args.doc)
    if args.json:
        sys.stdout.write(json.dumps(api.article_json(a), ensure_ascii=False, indent=1) + "\n")
        return 0
    tty = sys.stdout.isatty()
    dim, off = ("\x1b[2;9m", "\x1b[0m") if tty else ("", "")
    w = sys.stdout.write
    w(f"# {a.title or a.name}\n{a.outlet or '?'} · {a.published or 'date unknown'} · {a.name} · {a.words} words\n")
    if a.syndication:
        w(f"syndication: {', '.join(a.syndication)}\n")
    for warning in a.meta.get("warnings") or []:
        w(f"warning: {warning}\n")
    w("\n")
    removed = sorted(a.removed, key=lambda r: r.start)
    pos, src = 0, a.source
    for r in removed:
        w(src[pos:r.start])
        w(f"{dim}[removed: {r.reason}] {src[r.start:r.end]}{off}")
        pos = r.end
    w(src[pos:])
    if not src.endswith("\n"):
        w("\n")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from .web import serve

    serve(settings, host=args.host, port=args.port, watch=args.watch, watch_interval=args.watch_interval,
          token=args.token)
    return 0


COMMANDS = {"analyze": cmd_analyze, "quotes": cmd_quotes, "stories": cmd_stories, "dates": cmd_dates,
            "articles": cmd_articles, "show": cmd_show, "serve": cmd_serve}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line parsed; a flag a command does not know is reported
    with that command's usage, not the top-level one."""
    ap = build_parser()
    args, extra = ap.parse_known_args(argv)
    if extra:
        sub = next(a for a in ap._actions if isinstance(a, argparse._SubParsersAction))
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse_args(argv)
        return COMMANDS[args.command](args)
    except StorylensError as exc:
        _say(f"storylens: error: {exc}")
        return 1
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the way out
        _say("storylens: interrupted; everything committed so far is kept")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
