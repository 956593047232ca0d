"""Imports point one way: listeners -> features -> blocks, coaching -> content, storage.
content/ and storage/ stay free of Slack, the scheduler and the bot, so they can be reused
and tested without any of them; feature packages never reach back into listeners; builders
and coaching logic never reach into features, listeners or Slack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLACK = frozenset({"slack", "slack_bolt", "slack_sdk", "apscheduler"})
FEATURES = frozenset({"bot.ask", "bot.account", "bot.reflect", "bot.review", "bot.team",
                      "bot.grow"})
# Each layer (a folder) and the module prefixes nothing in it may import.
RULES: dict[str, frozenset[str]] = {
    "content": SLACK | {"bot"},
    "storage": SLACK | {"bot"},
    **{feature.replace(".", "/"): frozenset({"bot.listeners"}) for feature in FEATURES},
    "bot/blocks": SLACK | FEATURES | {"bot.listeners"},
    "bot/coaching": SLACK | FEATURES | {"bot.listeners", "bot.blocks"},
}
LAYERS = ("content", "storage")
FORBIDDEN = RULES["content"]
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


def _matches(name: str, prefixes: frozenset[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def forbidden_imports(root: Path, rules: dict[str, frozenset[str]] | None = None) -> list[str]:
    """One "path: module" entry per forbidden import, in whichever layers exist."""
    rules = {layer: RULES[layer] for layer in LAYERS} if rules is None else rules
    found = []
    for layer, forbidden in rules.items():
        for path in sorted((root / layer).rglob("*.py")):
            package = path.relative_to(root).parent.parts
            for name in imported_modules(path.read_text(encoding="utf-8"), package):
                if _matches(name, forbidden):
                    found.append(f"{path.relative_to(root)}: {name}")
    return found


def test_content_and_storage_do_not_import_slack_scheduler_or_bot():
    assert (ROOT / "content").is_dir(), "content/ should exist; is ROOT wrong?"
    assert forbidden_imports(ROOT) == []


def test_every_layer_imports_only_downwards():
    for layer in RULES:
        assert (ROOT / layer).is_dir(), f"{layer}/ should exist"
    assert forbidden_imports(ROOT, RULES) == []


@pytest.mark.parametrize(("layer", "source"), [
    ("bot/review", "from bot.listeners.actions.click import Click"),
    ("bot/team", "import bot.listeners"),
    ("bot/blocks", "from bot.review.lookup import which_week"),
    ("bot/blocks", "from slack_sdk import WebClient"),
    ("bot/coaching", "from bot.blocks.notes import build_note"),
    ("bot/coaching", "from ..account import home"),
])
def test_checker_catches_an_upward_import(tmp_path, layer, source):
    module = tmp_path / layer / "module.py"
    module.parent.mkdir(parents=True)
    module.write_text(source + "\n", encoding="utf-8")
    assert len(forbidden_imports(tmp_path, RULES)) == 1


def test_checker_allows_downward_imports(tmp_path):
    module = tmp_path / "bot" / "review" / "module.py"
    module.parent.mkdir(parents=True)
    module.write_text("from bot.blocks.digest import build_summary\nfrom bot.coaching import "
                      "digest\nfrom slack_sdk import WebClient\n", encoding="utf-8")
    assert forbidden_imports(tmp_path, RULES) == []


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
