"""Texts in another language: found quotations, no speakers named."""

from __future__ import annotations

from storylens.annotate.attribution.finder import extract_quotes, finder_for
from storylens.annotate.attribution.reported import statements_from_finder
from storylens.annotate.language import not_english
from storylens.extract import extract
from storylens.models import RawDocument

_PT = ("O prefeito de Portsalve, Aurel Fenn, disse aos jornalistas que a greve dos estivadores não vai acabar "
       "tão cedo. “Nós não vamos ceder”, afirmou o dirigente sindical Piet Hol, que falou em nome dos "
       "trabalhadores. Segundo ele, a empresa não apresentou uma proposta para os salários e as negociações "
       "continuam paradas desde a semana passada, com uma nova reunião marcada para segunda-feira.")
_EN = ("The mayor of Portsalve, Aurel Fenn, told reporters that the dockworkers' strike would not end soon. "
       "“We will not give in,” said the union leader Piet Hol, who spoke for the workers. According to him, "
       "the company has made no offer on wages and talks have stalled since last week, with a new meeting "
       "set for Monday in Los Angeles and Las Vegas.")


def _article(text: str):
    return extract(RawDocument(name="x", origin="x", format="text", content="Headline of the page\n\n" + text))


def test_other_languages_and_scripts_are_told_from_english() -> None:
    assert not_english(_PT)
    assert not not_english(_EN)  # "Los Angeles", "Las Vegas": names, not Spanish
    assert not_english("Самые популярные кулинарные блоги и фудблогеры в Инстаграм по версии редакции " * 4)
    assert not not_english("“No,” she said.")  # too short to tell: read as English


def test_quotations_of_a_text_in_another_language_name_no_speaker() -> None:
    pt = extract_quotes(_article(_PT))
    assert [q.text for q in pt] == ["Nós não vamos ceder"]
    assert [(q.speaker, q.cue) for q in pt] == [(None, None)]
    assert statements_from_finder(finder_for(_article(_PT))) == []
    en = extract_quotes(_article(_EN))
    assert [q.speaker for q in en] == ["Piet Hol"]
