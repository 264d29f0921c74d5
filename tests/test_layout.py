"""The folder layout is the architecture: these tests read every module's imports (its
syntax tree, not a list kept by hand) and hold the layers to what the package docstrings say."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import ROOT, run_watched

PACKAGE = ROOT / "scripts" / "watched"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, *, top_level_only: bool = False) -> Iterator[str]:
    """Absolute names of the watched modules that the module at ``path`` imports."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    yield from imports_in(path.read_text("utf-8"), package, top_level_only=top_level_only)


def imports_in(source: str, package: str, *, top_level_only: bool = False) -> Iterator[str]:
    tree = ast.parse(source)
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "watched":
                yield target
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "watched")


MODULES = sorted(PACKAGE.rglob("*.py"))


def layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "watched"


def test_every_module_is_in_a_layer() -> None:
    layers = {layer(module_name(path)) for path in MODULES}
    assert layers == {"watched", "models", "pipeline", "tools", "cli", "__main__"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_layers_import_only_downwards(path: Path) -> None:
    """models -> nothing else here; pipeline -> models; tools -> pipeline and models."""
    allowed = {
        "models": {"models"},
        "pipeline": {"models", "pipeline"},
        "tools": {"models", "pipeline", "tools"},
        "cli": {"cli", "models", "pipeline", "tools"},
        "__main__": {"cli"},
        "watched": set(),
    }[layer(module_name(path))]
    wrong = sorted(target for target in imports(path) if layer(target) not in allowed)
    assert not wrong, f"{module_name(path)} imports {wrong}"


def test_dataset_depends_on_the_models_only() -> None:
    path = PACKAGE / "pipeline" / "dataset.py"
    assert {layer(t) for t in imports(path)} == {"models"}


def test_the_command_line_loads_a_tool_only_when_its_command_runs() -> None:
    assert not [t for t in imports(PACKAGE / "cli.py", top_level_only=True) if layer(t) == "tools"]


def test_the_import_reader_sees_a_layer_violation() -> None:
    """The checks above can fail: a model importing the pipeline, relatively, inside a
    function or absolutely, is seen."""
    source = "from ..pipeline.problems import Problem\ndef f():\n    import watched.tools.bench\n"
    assert list(imports_in(source, "watched.models")) == [
        "watched.pipeline.problems",
        "watched.tools.bench",
    ]
    assert list(imports_in(source, "watched.models", top_level_only=True)) == [
        "watched.pipeline.problems"
    ]


@pytest.mark.parametrize("tool", ["bench", "changes", "fake", "linkcheck"])
def test_each_tool_is_a_command_of_the_one_command_line(tool: str) -> None:
    result = run_watched(tool, "--help", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m watched {tool}")


def test_the_help_lists_the_tools() -> None:
    result = run_watched("--help", cwd=ROOT)
    assert result.returncode == 0
    assert "tools (their own options: COMMAND --help): bench, changes, fake, linkcheck" in (
        " ".join(result.stdout.split())
    )
