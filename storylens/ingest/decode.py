"""Bytes to text: encoding detection, binary and size checks.

:func:`decode_bytes` tries a byte-order mark, the declared charset and UTF-8.
Text that is UTF-8 but for a few damaged bytes stays UTF-8: the damaged
bytes become U+FFFD and the document carries a warning (one bad byte must not
turn every curly quote of an article into mojibake). Text with no UTF-8 in it
is read as Windows-1252, the usual encoding of mislabelled Western news. What
is not text at all (binary data, random bytes, mostly non-letters) is
rejected with a reason.
"""

from __future__ import annotations

import codecs
import re

from ..errors import RejectedDocument

__all__ = ["DEFAULT_MAX_BYTES", "check_size", "looks_binary", "decode_bytes", "check_text"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# a valid multi-byte UTF-8 sequence (2, 3 or 4 bytes)
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MIN_LETTERS = 0.5  # share of letters among the non-space characters of a text
MAX_HIGH_SHARE = 0.3  # share of non-ASCII characters in a text read as Windows-1252


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


def check_text(text: str, what: str = "text") -> None:
    """Raise :class:`RejectedDocument` when ``text`` is mostly not letters
    (random bytes, tables of numbers, symbol soup): no article to analyze."""
    sample = text[:200_000]
    chars = sum(1 for c in sample if not c.isspace())
    if chars < 20:
        return  # too short to judge; the later stages say "no body" if need be
    letters = sum(1 for c in sample if c.isalpha())
    if letters / chars < MIN_LETTERS:
        raise RejectedDocument(f"not an article: {what} is mostly not letters ({letters / chars:.0%} letters)",
                               stage="ingest")


def decode_bytes(data: bytes, declared: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 check: bool = True, binary_check: bool = True) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding, warnings)``.

    Raises :class:`RejectedDocument` for empty, oversized or binary input and
    for bytes that decode to no text (see the module docs); ``check=False``
    skips the letters check (an export whose records are checked one by one),
    ``binary_check=False`` the binary check (such an export with a NUL in one
    record: that record is rejected, not the file)."""
    check_size(len(data), max_bytes)
    sane = check_text if check else (lambda text: None)
    if binary_check and looks_binary(data):
        raise RejectedDocument("binary file, not text (NUL or control bytes)", stage="ingest")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError:
                break
    declared = (declared or "").strip().lower()
    if declared and declared not in ("utf-8", "utf8"):
        try:
            text = data.decode(declared)  # line ends kept: offsets index this text
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            sane(text)
            return text, declared, []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        sane(text)
        return text, "utf-8", []
    good = len(_UTF8_SEQ.findall(data))
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # U+FFFD written in the text itself is no damage
    if good >= bad:  # UTF-8 with damaged bytes: keep it UTF-8, mark the damage
        sane(replaced)
        return replaced, "utf-8", [f"{bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} replaced by U+FFFD"]
    for enc in ("cp1252", "latin-1"):  # latin-1 maps every byte: used when cp1252 fails on undefined bytes
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        high = sum(1 for c in text if ord(c) > 127)
        if high / max(1, len(text)) > MAX_HIGH_SHARE:
            raise RejectedDocument(f"not text: {high / len(text):.0%} of the bytes are neither ASCII nor UTF-8 "
                                   "(random or binary data?)", stage="ingest")
        sane(text)
        return text, enc, []
    raise RejectedDocument("undecodable bytes", stage="ingest")  # pragma: no cover - latin-1 decodes anything

