"""The house keeps its shape (tests/house.py reads it): imports that never run in a circle, views
that never import each other, modules and functions of a size a reader takes in at once."""

import ast

from tests.house import circles, import_graph, module_name, source_files

# Data, not code: every question, and every category with its cited sources, in one place to
# read and to change (docs/architecture.md).
DATA_MODULES = {"reviews.schema", "reviews.facts.catalogue"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def test_no_module_imports_itself_through_others():
    assert circles(import_graph()) == []


def test_a_view_module_never_imports_a_sibling_view():
    graph = import_graph()
    for name, targets in graph.items():
        if name.startswith("reviews.views.") and name != "reviews.views.common":
            siblings = {t for t in targets if t.startswith("reviews.views.")}
            assert siblings <= {"reviews.views.common"}, (name, siblings)


def test_code_modules_stay_under_400_lines():
    long = {
        module_name(path): lines
        for path in source_files()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert set(long) <= DATA_MODULES, long


def test_functions_stay_under_50_lines():
    long = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if length > MAX_FUNCTION_LINES:
                    long.append((module_name(path), node.name, length))
    assert long == []


def test_the_picture_sees_the_imports_it_should():
    # The reader itself: the summary sheet imports the reading and the ledger.
    graph = import_graph()
    assert {"reviews.reading", "reviews.printing.ledger"} <= graph[
        "reviews.printing.sheets.summary"
    ]
    assert "reviews.facts.trials" in graph["reviews.reading"]
