"""Bytes to text: encoding detection, binary and size checks."""

from __future__ import annotations

import codecs

from ..errors import RejectedDocument

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    if size == 0:
        raise RejectedDocument("empty file", stage="ingest")
    if max_bytes and size > max_bytes:
        raise RejectedDocument(
            f"file too large ({_mb(size)} > {_mb(max_bytes)} limit; raise --max-bytes to accept it)",
            stage="ingest",
        )


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(b) for b, _ in _BOMS[1:]):
        return False  # UTF-16/32 text has NULs by design
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return ctrl / len(head) > 0.05


def decode_bytes(data: bytes, declared: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Return ``(text, encoding)``.

    Tries a BOM, the declared charset, UTF-8, then Windows-1252 (the usual
    encoding of mislabelled Western news text). Raises
    :class:`RejectedDocument` for empty, oversized or binary input.
    """
    check_size(len(data), max_bytes)
    if looks_binary(data):
        raise RejectedDocument("binary file, not text (NUL or control bytes)", stage="ingest")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    candidates = []
    if declared:
        candidates.append(declared.strip().lower())
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n") if enc != "utf-8" else text, enc
    # latin-1 maps every byte; only used when cp1252 fails on undefined bytes
    return data.decode("latin-1"), "latin-1"
