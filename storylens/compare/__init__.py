"""The compare layer: everything about one story, across its outlets.

:func:`~.story.compare_story` is the entry point; each finding has a module:
:mod:`.quotegroups` (the same quote across outlets, fidelity, word diffs),
:mod:`.claims` (numbers agreed on or in conflict), :mod:`.attributes` (who
someone is, per outlet), :mod:`.coverage` (facts x outlets, from :mod:`.statements` and
:mod:`.similarity`), :mod:`.framing`, :mod:`.spelling` and :mod:`.distinctive`
(word choices), :mod:`.naming` (actors and how each outlet names them, from
:mod:`.mentions`), :mod:`.timeline`, :mod:`.summary`.
"""
