"""Turn what a person typed into a topic, or into a few close suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .model import Guide, Topic

# Fuzzy matching is quadratic in the query length; no real topic name is this long,
# so a pasted paragraph costs no more than a typo.
FUZZY_QUERY_MAX = 64
MAX_SUGGESTIONS = 3
# Close enough to be a typo of a topic ("reveiw", "mangaer"); below it a word merely shares
# letters with one ("frobnicate" and "communicate" score 0.67), and "Did you mean" would
# be a confident guess at nothing.
FUZZY_CUTOFF = 0.7
# A one-letter prefix matches half the index, which is noise rather than a suggestion.
MIN_PREFIX = 2

_NOT_ALNUM = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """The form slugs and aliases are stored in: "  Code Révíew!" -> "code-review"."""
    # Casefold before decomposing: casefolding can itself produce accented letters,
    # and doing it first keeps normalize() idempotent.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("-", bare).strip("-")


@dataclass(frozen=True)
class Resolution:
    query: str
    topic: Topic | None
    suggestions: tuple[Topic, ...]


def resolve(guide: Guide, text: str) -> Resolution:
    """Exact slug/alias/number match, else up to three suggestions, closest first."""
    query = normalize(text)
    index = _index(guide)
    topic = index.get(query)
    if topic is not None or not query:
        return Resolution(query, topic, ())
    probe = query[:FUZZY_QUERY_MAX]
    keys = list(index)
    # Prefixes first ("comm" -> comms): a person stopping early is the likeliest case,
    # and difflib scores short prefixes of long words below the cutoff.
    prefixed = [k for k in keys if len(probe) >= MIN_PREFIX and k.startswith(probe)]
    prefixed.sort(key=len)
    close = difflib.get_close_matches(probe, keys, n=len(keys), cutoff=FUZZY_CUTOFF)
    # A topic's word inside a longer text ("boss man", "my code review") is a good guess.
    words = [w for w in probe.split("-") if w in index]
    suggestions: list[Topic] = []
    for key in [*prefixed, *words, *close]:
        candidate = index[key]
        if candidate not in suggestions:
            suggestions.append(candidate)
    return Resolution(query, None, tuple(suggestions[:MAX_SUGGESTIONS]))


@functools.lru_cache(maxsize=8)
def _index(guide: Guide) -> dict[str, Topic]:
    """Every lookup key -> its topic, built once per guide (a few guides at most in tests)."""
    index: dict[str, Topic] = {}
    for topic in guide.topics:
        keys = [topic.slug, *topic.aliases]
        if topic.number is not None:
            keys.append(str(topic.number))
        for key in keys:
            # setdefault: the loader rejects duplicates, so first-wins only matters
            # for guides built by hand in tests.
            index.setdefault(key, topic)
    return index
