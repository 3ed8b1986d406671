"""The index layer: everything that needs the whole corpus, kept incrementally.

- :mod:`.linker`: runs the index over a store (``link_store``, ``StoryLinker``);
  :mod:`.journal`: what the index keeps in the store (base, journal, delta);
  :mod:`.state`: the protocol of the parts that save themselves and the blob format.
- :mod:`.stories`: ``StoryIndex``, copies + stories + story links over articles.
- :mod:`.copies` (with :mod:`.copydocs`, :mod:`.minhash`): exact and near copies, syndication.
- :mod:`.clusters` (with :mod:`.storylist`, :mod:`.termindex`): same-event story clustering.
- :mod:`.storylinks` (with :mod:`.linkcache`): stories connected across time.
- :mod:`.features`: cheap per-article features (words, shingles, entities, days).
- :mod:`.arrays`, :mod:`.columns`, :mod:`.rows`: flat (CSR) arrays and lazily read columns.
"""
