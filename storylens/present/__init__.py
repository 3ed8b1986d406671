"""Present: the dossier as JSON, Markdown and self-contained HTML.

:func:`build_dossier` assembles a :class:`Dossier` (:mod:`.records`) from the
store; :func:`write_dossier` writes its JSON (``dossier.json``, the contract
external scorers read) and the pages rendered by :mod:`.html` and
:mod:`.markdown`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..models import Article
from .dossier import build_dossier
from .html import render_index_html, render_story_html
from .markdown import render_index_md, render_story_md
from .records import Dossier, DossierArticle, DossierStory

__all__ = ["build_dossier", "write_dossier", "render_story_html", "render_story_md", "Dossier", "DossierStory",
           "DossierArticle"]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def write_dossier(dossier: Dossier, articles: dict[str, Article], out_dir: str | Path) -> list[str]:
    """Write ``dossier.json``, ``index.html``/``index.md`` and one HTML and
    Markdown page per story into ``out_dir``. Returns the written paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def w(name: str, text: str) -> None:
        p = out / name
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(p)
        written.append(str(p))

    w("dossier.json", json.dumps(dossier.to_json(), ensure_ascii=False, indent=1))
    w("index.html", render_index_html(dossier))
    w("index.md", render_index_md(dossier))
    for story in dossier.stories:
        w(_safe(story.id) + ".html", render_story_html(story, articles))
        w(_safe(story.id) + ".md", render_story_md(story))
    return written
