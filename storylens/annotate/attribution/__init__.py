"""Speaker attribution: quotations and reported speech with who said them.

The pass, in order: :mod:`.marks` pairs quotation marks; :mod:`.tokens`
tokenises each paragraph with a quotation as one token; :mod:`.rules` finds
the cue words (:mod:`.cues`) and phrases that attribute a quotation and
:mod:`.phrases` the speaker's noun phrase next to them, with
:mod:`.headlines` for title-case headlines; :mod:`.context` takes speakers
from around a quotation whose sentence names none (transcript labels,
continuations, colon intros, attribution lines, the sentence before,
headline quotations recurring in the body); :mod:`.parse_rerank` settles
doubtful speakers on a dependency parse (:mod:`.parse_rules`) and lets
:mod:`.reranker` (weights in ``storylens/data/speaker_reranker.json``,
features from :mod:`.parse_features` where parsed) pick among the candidate
mentions; :mod:`.names` resolves a mention to the canonical name
(organisations and places told apart by :mod:`.name_kinds`), and
:mod:`.corpus_names` makes names agree across articles. :mod:`.finder` runs
the pass (``QuoteFinder``, its records in :mod:`.found`); :mod:`.reported`
takes reported statements from it and :mod:`.speech` returns both.
"""
