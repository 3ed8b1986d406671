import pytest

from storylens.errors import PipelineError
from storylens.index.linker import LinkStage
from storylens.stage import Stage, check_order
from storylens.stages import default_doc_stages


class Reads(Stage):
    name, layer, reads, writes = "needs-quotes", "compare", ("quotes",), ("groups",)


class Early(Stage):
    name, layer, reads, writes = "early", "extract", ("raw",), ("article",)


def test_default_order_is_valid():
    check_order(default_doc_stages() + [LinkStage()])


def test_missing_input_is_reported_before_any_work():
    with pytest.raises(PipelineError, match="reads quotes"):
        check_order([Early(), Reads()])


def test_layers_only_move_forward():
    with pytest.raises(PipelineError, match="later layer"):
        check_order([*default_doc_stages(), Early()])
