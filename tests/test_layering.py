"""content/ and storage/ stay free of Slack, the scheduler and the bot, so they can be
reused and tested without any of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("content", "storage")
FORBIDDEN = frozenset({"slack", "slack_bolt", "slack_sdk", "apscheduler", "bot"})
DYNAMIC_IMPORTERS = frozenset({"import_module", "__import__"})


def imported_modules(source: str, package: tuple[str, ...]) -> list[str]:
    """Absolute names of every module `source` imports; `package` resolves relative imports."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: max(0, len(package) - node.level + 1)]) if node.level else []
            if node.module:
                names.append(".".join([*base, node.module]))
            else:
                names += [".".join([*base, alias.name]) for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in DYNAMIC_IMPORTERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def forbidden_imports(root: Path) -> list[str]:
    """One "path: module" entry per forbidden import, in whichever layers exist."""
    found = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            package = path.relative_to(root).parent.parts
            for name in imported_modules(path.read_text(encoding="utf-8"), package):
                if name.split(".")[0] in FORBIDDEN:
                    found.append(f"{path.relative_to(root)}: {name}")
    return found


def test_content_and_storage_do_not_import_slack_scheduler_or_bot():
    assert (ROOT / "content").is_dir(), "content/ should exist; is ROOT wrong?"
    assert forbidden_imports(ROOT) == []


@pytest.mark.parametrize(
    "source",
    [
        "import slack_sdk.web",
        "from slack_bolt import App",
        "from apscheduler.schedulers.background import BackgroundScheduler",
        "import bot",
        "from bot.blocks import help",
        "from ... import bot",
        "from ...bot import ids",
        "importlib.import_module('bot.app')",
    ],
)
def test_checker_catches_each_form_of_forbidden_import(tmp_path, source):
    module = tmp_path / "storage" / "deep" / "module.py"
    module.parent.mkdir(parents=True)
    module.write_text(source + "\n", encoding="utf-8")
    assert len(forbidden_imports(tmp_path)) == 1


def test_checker_allows_relative_and_standard_imports(tmp_path):
    module = tmp_path / "content" / "module.py"
    module.parent.mkdir()
    source = "from .model import Guide\nimport tomllib\nimport botocore\n"
    module.write_text(source, encoding="utf-8")
    assert forbidden_imports(tmp_path) == []


def test_missing_layer_directory_is_not_an_error(tmp_path):
    assert forbidden_imports(tmp_path) == []
