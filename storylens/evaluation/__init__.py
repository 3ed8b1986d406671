"""Scoring storylens against labelled data (PolNeAR attribution relations)."""

from .polnear import (
    GoldQuote,
    PolnearDoc,
    QuoteScores,
    gold_quotes,
    load_polnear,
    score_quotes,
)

__all__ = ["GoldQuote", "PolnearDoc", "QuoteScores", "gold_quotes", "load_polnear", "score_quotes"]
