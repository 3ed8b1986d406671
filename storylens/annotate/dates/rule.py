"""The shape of a tagging rule: a pattern and a function from its match to a :class:`Spec`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .records import Spec

Builder = Callable[[re.Match[str]], Spec | None]


@dataclass(frozen=True)
class Rule:
    """``pattern`` finds an expression; the named group ``x``, when the
    pattern has one, is the expression's span (prepositions such as "in" or
    "on" around it are matched for context but left out); ``build`` says what
    it means, or ``None`` to drop the match."""

    name: str
    pattern: re.Pattern[str]
    build: Builder


def rule(name: str, pattern: str, build: Builder, flags: int = 0) -> Rule:
    return Rule(name, re.compile(pattern, flags), build)


def span(m: re.Match[str]) -> tuple[int, int]:
    """The expression's span in a rule match."""
    if "x" in m.re.groupindex and m.group("x") is not None:
        return m.start("x"), m.end("x")
    return m.start(), m.end()


def low(m: re.Match[str], group: str) -> str:
    """A group's text in lower case with single spaces ("" when it did not match)."""
    g = m.group(group) if group in m.re.groupindex else None
    return " ".join(g.lower().split()) if g else ""
