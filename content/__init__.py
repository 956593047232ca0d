"""The guide's content: data, validation and lookup, with no Slack or bot dependencies."""

from .loader import ContentError, default_guide, load_guide
from .lookup import Resolution, normalize, resolve
from .model import Guide, ManagerQuestion, Row, Topic

__all__ = [
    "ContentError",
    "Guide",
    "ManagerQuestion",
    "Resolution",
    "Row",
    "Topic",
    "default_guide",
    "load_guide",
    "normalize",
    "resolve",
]
