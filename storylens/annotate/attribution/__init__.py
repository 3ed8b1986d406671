"""Speaker attribution: quotations and reported speech with who said them.

The pass, in order: :mod:`.marks` pairs quotation marks; :mod:`.tokens`
tokenises each paragraph with a quotation as one token; :mod:`.rules` finds
the speaker mention from cue words (:mod:`.cues`) and phrases, with
:mod:`.headlines` for title-case headlines and :mod:`.parse_rules` (a
dependency parse) where the rules are unsure; :mod:`.reranker` (weights in
``storylens/data/speaker_reranker.json``, features from
:mod:`.parse_features` where parsed) picks among the candidate mentions;
:mod:`.names` resolves a mention to the canonical name. :mod:`.finder` runs
the pass (``QuoteFinder``); :mod:`.reported` takes reported statements from
it and :mod:`.speech` returns both.
"""
