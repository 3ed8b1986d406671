"""Settings, declared once with default and help, layered: defaults, then a
config file (``storylens.toml`` or ``--config FILE``), then CLI flags."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "storylens.toml"


def _s(default: Any, help: str, flag: str | None = None) -> Any:
    return field(default=default, metadata={"help": help, "flag": flag})


@dataclass
class Settings:
    db: str = _s("storylens.db", "SQLite store file (':memory:' for none)")
    out: str = _s("storylens-out", "folder the dossier is written to")
    max_bytes: int = _s(10 * 1024 * 1024, "largest input document accepted, in bytes")
    fetch_timeout: float = _s(15.0, "seconds before a URL fetch gives up waiting for the server")
    fetch_deadline: float = _s(60.0, "seconds a URL fetch may take in all (a server that trickles bytes is cut off)")
    max_doc_words: int = _s(400_000, "longest document analyzed, in words (a longer one is rejected with a reason)")
    max_story_words: int = _s(200_000, "largest story compared across its outlets, in words (a larger one keeps "
                                         "its articles and quotes; its comparison is left out, with the reason)")
    job_timeout: float = _s(600.0, "seconds a web job (upload, URLs, watched files) may run before it is failed")
    allow_private_urls: bool = _s(False, "allow fetching loopback, private and link-local addresses")
    workers: int = _s(1, "processes for per-article work (0 = one per core)")
    scheduler: str | None = _s(None, "Dask scheduler address; 'local' for a local cluster: every stage runs on the "
                                     "cluster (see docs/scale.md)")
    scale_dir: str | None = _s(None, "folder for the Parquet results of a --scheduler run, reachable by every worker "
                                     "(default: <out>/parquet)")
    partition_docs: int = _s(1000, "documents per partition of a --scheduler run")
    window_docs: int = _s(50_000, "articles per time window of story clustering in a --scheduler run")
    window_margin_days: int = _s(14, "days of earlier articles each time window also clusters, to join stories "
                                     "across windows (the default clusterer joins nothing on members 11 or more days older)")
    html_mode: str = _s("fast", "HTML extraction: 'fast' (no fallback extractors) or 'precise' (best F1, slower)")
    summary_sentences: int = _s(5, "sentences in each story summary")
    lexicon: str | None = _s(None, "extra framing lexicon (JSON) merged with the shipped one")
    progress: bool = _s(True, "show progress bars on a terminal")

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}

    def replace(self, **changes: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for k, v in changes.items():
            if v is not None:
                data[k] = v
        for k in ("partition_docs", "window_docs"):
            if not isinstance(data[k], int) or data[k] < 1:
                raise ConfigError(f"{k} must be a positive whole number, not {data[k]!r}")
        for k in ("max_bytes", "max_doc_words", "max_story_words", "fetch_timeout", "fetch_deadline", "job_timeout"):
            if not isinstance(data[k], (int, float)) or isinstance(data[k], bool) or data[k] <= 0:
                raise ConfigError(f"{k} must be a positive number, not {data[k]!r}")
        if data["html_mode"] not in ("fast", "precise"):
            raise ConfigError(f"html_mode must be 'fast' or 'precise', not {data['html_mode']!r}")
        return Settings(**data)


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the config file (explicit path, or ``./storylens.toml``
    when present), then ``overrides`` (CLI flags; ``None`` means not given)."""
    settings = Settings()
    path = Path(config) if config else Path(CONFIG_NAME)
    if config or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        data = data.get("storylens", data)
        types = {f.name: f.type for f in fields(Settings)}
        for k, _v in data.items():
            if k not in types:
                raise ConfigError(f"config file {path}: unknown setting {k!r}")
        settings = settings.replace(**data)
    return settings.replace(**overrides)
