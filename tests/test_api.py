import storylens


def test_all_names_exist_and_are_curated():
    assert len(storylens.__all__) == len(set(storylens.__all__))
    for name in storylens.__all__:
        assert hasattr(storylens, name), name
    public = {n for n in dir(storylens) if not n.startswith("_")}
    # submodules are reachable, but every public non-module name is in __all__
    import types

    stray = {n for n in public - set(storylens.__all__) if not isinstance(getattr(storylens, n), types.ModuleType)}
    assert stray == set()


def test_one_exception_tree():
    for name in storylens.__all__:
        obj = getattr(storylens, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, storylens.StorylensError)


def test_errors_carry_doc_and_stage():
    e = storylens.RejectedDocument("empty file", doc="a.txt", stage="ingest")
    assert (e.doc, e.stage, e.message) == ("a.txt", "ingest", "empty file")
    assert "a.txt" in str(e) and "ingest" in str(e)
