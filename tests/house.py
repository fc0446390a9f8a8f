"""The house as its imports draw it: every module of reviews/ and trdreview/ (migrations aside)
and the modules of ours each one imports, read from the source with `ast`, nothing run.

`python -m tests.house` prints the picture as Graphviz DOT (`| dot -Tpng > house.png` where
Graphviz is installed); tests/test_house.py holds the house to its rules: no circle, no view
importing a sibling view, no module over 400 lines (data modules aside), no function over 50.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("reviews", "trdreview")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imported(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    """Our modules a module imports at run time (imports under `if TYPE_CHECKING:` aside)."""
    found: set[str] = set()
    checking = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".strip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in known:
                    found.add(candidate)  # "from reviews import trials": the module
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module → the modules of ours it imports."""
    paths = {module_name(path): path for path in source_files()}
    known = set(paths)
    return {
        name: _imported(ast.parse(path.read_text()), name, path.name == "__init__.py", known)
        for name, path in paths.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def dot(graph: dict[str, set[str]]) -> str:
    lines = ["digraph house {", "  rankdir=LR; node [shape=box, fontsize=10];"]
    for name in sorted(graph):
        for target in sorted(graph[name]):
            lines.append(f'  "{name}" -> "{target}";')
    return "\n".join([*lines, "}"])


if __name__ == "__main__":
    print(dot(import_graph()))
