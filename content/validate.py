"""The rules guide.toml must follow, applied to the parsed TOML.

Every check appends to one list of problems instead of raising, so whoever edits the
file sees the whole list at once rather than fixing one error per run.
"""

from __future__ import annotations

from typing import Any

from .lookup import normalize
from .model import Guide, ManagerQuestion, Row, Topic

# Slack limits: a header block holds 150 characters and a section field 2000; questions
# are quoted inside a longer prompt message, so they get a tighter budget.
MAX_TITLE = 150
MAX_CELL = 1900
MAX_QUESTION = 500
NUMBERS = range(1, 10)
QUESTIONS_PER_DIMENSION = range(2, 4)
FOLLOWUPS_PER_DIMENSION = range(2, 3)
MANAGER_QUESTIONS_PER_DIMENSION = range(2, 4)

TOPIC_KEYS = {"slug", "title", "summary", "number", "aliases", "rows", "key_difference",
              "questions", "followups", "manager_questions"}
ROW_KEYS = {"engineer", "lead", "label"}
MANAGER_QUESTION_KEYS = {"ask", "listen_for"}


def build_guide(data: dict[str, Any]) -> tuple[Guide, list[str]]:
    """The guide described by `data`, and every problem found in it (empty when valid)."""
    problems: list[str] = []
    return _guide(problems, data), problems


def _guide(problems: list[str], data: dict[str, Any]) -> Guide:
    _check_table(problems, "", data, {"title", "topics"})
    title = _text(problems, "", data, "title", MAX_TITLE)
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list) or not raw_topics:
        problems.append("topics is missing: add [[topics]] tables")
        raw_topics = []
    topics = tuple(_topic(problems, i, raw) for i, raw in enumerate(raw_topics))
    _check_keys_unique(problems, topics)
    _check_numbers(problems, topics)
    return Guide(title, topics)


def _topic(problems: list[str], i: int, raw: Any) -> Topic:
    slug = raw.get("slug") if isinstance(raw, dict) else None
    where = f"topics[{i}] ({slug})" if isinstance(slug, str) and slug.strip() else f"topics[{i}]"
    if not _check_table(problems, where, raw, TOPIC_KEYS):
        raw = {}
    slug = _text(problems, where, raw, "slug")
    title = _text(problems, where, raw, "title", MAX_TITLE)
    summary = _text(problems, where, raw, "summary")
    _check_normalized(problems, f"{where}.slug", slug)
    number = raw.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
        problems.append(f"{where}.number must be a whole number")
        number = None
    aliases = _texts(problems, where, raw, "aliases")
    for j, alias in enumerate(aliases):
        _check_normalized(problems, f"{where}.aliases[{j}]", alias)
    questions = _counted(problems, where, raw, "questions", number, QUESTIONS_PER_DIMENSION)
    followups = _counted(problems, where, raw, "followups", number, FOLLOWUPS_PER_DIMENSION)
    rows = _rows(problems, where, raw.get("rows"))
    manager_questions = _manager_questions(problems, where, raw, number, rows)
    key_difference = _texts(problems, where, raw, "key_difference", MAX_CELL)
    return Topic(slug, title, summary, aliases, rows, number, key_difference, questions,
                 followups, manager_questions)


def _manager_questions(problems: list[str], where: str, raw: dict, number: int | None,
                       rows: tuple[Row, ...]) -> tuple[ManagerQuestion, ...]:
    """Each {ask, listen_for}, the behaviour written as one of the topic's `lead` cells."""
    key = "manager_questions"
    found = raw.get(key, [])
    if not isinstance(found, list):
        problems.append(f"{where}.{key} must be a list of {{ ask, listen_for }} tables")
        found = []
    questions = []
    leads = {row.lead for row in rows}
    for k, item in enumerate(found):
        at = f"{where}.{key}[{k}]"
        if not _check_table(problems, at, item, MANAGER_QUESTION_KEYS):
            continue
        ask = _text(problems, at, item, "ask", MAX_QUESTION)
        listen_for = _text(problems, at, item, "listen_for", MAX_CELL)
        if listen_for and listen_for not in leads:
            problems.append(f"{at}.listen_for must be one of the topic's lead cells, "
                            f"word for word: {listen_for!r} is not")
        questions.append(ManagerQuestion(ask, listen_for))
    _check_count(problems, where, key, number, len(questions),
                 MANAGER_QUESTIONS_PER_DIMENSION)
    return tuple(questions)


def _counted(problems: list[str], where: str, raw: dict, key: str, number: int | None,
             wanted: range) -> tuple[str, ...]:
    """A dimension's list of questions, `wanted` many; other topics have none."""
    found = _texts(problems, where, raw, key, MAX_QUESTION)
    _check_count(problems, where, key, number, len(found), wanted)
    return found


def _check_count(problems: list[str], where: str, key: str, number: int | None, found: int,
                 wanted: range) -> None:
    how_many = (f"{wanted.start}" if len(wanted) == 1
                else f"{wanted.start}-{wanted.stop - 1}")
    if number is not None and found not in wanted:
        problems.append(f"{where}.{key} needs {how_many} questions, found {found}")
    if number is None and found:
        problems.append(f"{where}.{key}: only the nine dimensions have {key}")


def _rows(problems: list[str], where: str, raw_rows: Any) -> tuple[Row, ...]:
    if not isinstance(raw_rows, list) or not raw_rows:
        problems.append(f"{where}.rows is missing: add [[topics.rows]] tables")
        return ()
    rows = []
    for k, raw in enumerate(raw_rows):
        at = f"{where}.rows[{k}]"
        if not _check_table(problems, at, raw, ROW_KEYS):
            continue
        label = _text(problems, at, raw, "label", MAX_CELL) if "label" in raw else None
        engineer = _text(problems, at, raw, "engineer", MAX_CELL)
        lead = _text(problems, at, raw, "lead", MAX_CELL)
        rows.append(Row(engineer, lead, label))
    # A half-labelled table renders with a ragged first column.
    if any(row.label is not None for row in rows):
        for k, row in enumerate(rows):
            if row.label is None:
                problems.append(f"{where}.rows[{k}].label is missing (other rows have one)")
    return tuple(rows)


def _check_keys_unique(problems: list[str], topics: tuple[Topic, ...]) -> None:
    """Slugs and aliases share one namespace, so each may name only one topic."""
    owners: dict[str, str] = {}
    for i, topic in enumerate(topics):
        if topic.slug in owners:
            problems.append(f"topics[{i}] ({topic.slug}).slug duplicates {owners[topic.slug]}")
        elif topic.slug:
            owners[topic.slug] = f"topics[{i}] ({topic.slug}).slug"
    for i, topic in enumerate(topics):
        for j, alias in enumerate(topic.aliases):
            # Compared normalized, so "Risks" is reported as a clash now, not after its fix.
            at, key = f"topics[{i}] ({topic.slug}).aliases[{j}]", normalize(alias)
            if key in owners:
                problems.append(f"{at} {alias!r} duplicates {owners[key]}")
            elif key:
                owners[key] = at


def _check_numbers(problems: list[str], topics: tuple[Topic, ...]) -> None:
    seen: dict[int, str] = {}
    for i, topic in ((i, t) for i, t in enumerate(topics) if t.number is not None):
        at = f"topics[{i}] ({topic.slug}).number"
        if topic.number not in NUMBERS:
            problems.append(f"{at} {topic.number} is outside 1-9")
        elif topic.number in seen:
            problems.append(f"{at} {topic.number} duplicates {seen[topic.number]}")
        else:
            seen[topic.number] = at
    for number in NUMBERS:
        if number not in seen:
            problems.append(f"topics: no topic has number {number} (dimensions are 1-9)")


def _check_table(problems: list[str], where: str, raw: Any, allowed: set[str]) -> bool:
    """False if `raw` is not a table. Unknown keys are reported: a typo such as `questons`
    would otherwise silently drop content."""
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a table")
        return False
    for key in sorted(raw.keys() - allowed):
        problems.append(f"{_at(where, key)} is not a known key (typo?)")
    return True


def _check_normalized(problems: list[str], at: str, key: str) -> None:
    """Lookups compare normalized text, so a key in any other form could never match."""
    if key and normalize(key) != key:
        problems.append(f"{at} {key!r} is not normalized (use {normalize(key)!r})")


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(problems: list[str], where: str, raw: dict, key: str, limit: int | None = None) -> str:
    return _check_text(problems, _at(where, key), raw.get(key), limit)


def _texts(
    problems: list[str], where: str, raw: dict, key: str, limit: int | None = None
) -> tuple[str, ...]:
    """An optional list of strings; absent means empty."""
    value = raw.get(key, [])
    if not isinstance(value, list):
        problems.append(f"{where}.{key} must be a list of strings")
        return ()
    return tuple(
        _check_text(problems, f"{where}.{key}[{j}]", item, limit) for j, item in enumerate(value)
    )


def _check_text(problems: list[str], at: str, value: Any, limit: int | None) -> str:
    if value is None:
        problems.append(f"{at} is missing")
        return ""
    if not isinstance(value, str):
        problems.append(f"{at} must be a string")
        return ""
    value = value.strip()
    if not value:
        problems.append(f"{at} is empty")
    elif limit is not None and len(value) > limit:
        problems.append(f"{at} is too long ({len(value)} > {limit} characters)")
    return value
