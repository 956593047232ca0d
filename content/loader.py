"""Read guide.toml into a Guide, rejecting anything the bot could not show."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

from .model import Guide
from .validate import build_guide

DEFAULT_PATH = Path(__file__).with_name("guide.toml")


class ContentError(ValueError):
    """The guide file is unusable; `problems` lists each one, `str()` shows them all."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = tuple(problems)
        lines = "\n".join(f"{path}: {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in guide content:\n{lines}")


def load_guide(path: Path | None = None) -> Guide:
    path = DEFAULT_PATH if path is None else Path(path)
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except OSError as exc:
        raise ContentError(path, [f"cannot be read: {exc.strerror or exc}"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(path, [f"is not valid TOML: {exc}"]) from exc
    guide, problems = build_guide(data)
    if problems:
        raise ContentError(path, problems)
    return guide


@functools.cache
def default_guide() -> Guide:
    """The bundled guide, parsed and validated once per process."""
    return load_guide()
