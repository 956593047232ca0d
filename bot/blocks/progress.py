"""`/techlead progress` and App Home's "Your progress": a person's own self-ratings over
time in words and a table. The table carries the chart's figures, so the message stands
alone when the image cannot be attached.

`progress` below is a bot.grow.progress.Progress, read by its fields (builders sit below
the feature packages and do not import them)."""

from __future__ import annotations

from bot import ids
from bot.blocks import elements as bk
from bot.blocks.mrkdwn import escape, escape_within, plural
from bot.blocks.nudge import reflect_button
from bot.coaching.people import WeekView
from content import Topic

ARROW = " → "
# A dimension's title in the table and lines; the guide's are under 30 characters, and a
# longer one is cut (marked) so nine lines stay well inside one section.
TITLE_CHARS = 60
PRIVACY = "Only you see this. Private answers count too: they are yours."


def trend_text(values: tuple[int, ...]) -> str:
    """`2 → 3 → 4`, oldest to newest."""
    return ARROW.join(str(v) for v in values)


def _title(topic: Topic) -> str:
    return escape_within(topic.heading, TITLE_CHARS)


def _names(topics: tuple[Topic, ...]) -> str:
    """`*A*`, `*A* and *B*`, `*A*, *B* and *C*`."""
    names = [f"*{_title(t)}*" for t in topics]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _weeks(count: int) -> str:
    return plural(count, "week")


def table_lines(progress) -> list[str]:
    """One line per dimension: its title and its trend (the chart's figures)."""
    return [f"*{_title(t.topic)}*  {trend_text(t.values) if t.values else '_not rated yet_'}"
            for t in progress.trends]


def extremes_line(progress) -> str:
    """Strongest and weakest over the last rotation, in one sentence."""
    found = progress.extremes()
    if found is None:
        return ("Nothing rated in the last nine weeks: `/techlead reflect` picks it up "
                "again.")
    strongest, weakest = found
    if strongest.rating == weakest.rating:
        return (f"Over the last nine weeks you rated {_names(strongest.topics)} "
                f"{strongest.rating}/5.")
    return (f"Over the last nine weeks your strongest: {_names(strongest.topics)} "
            f"({strongest.rating}/5) · weakest: {_names(weakest.topics)} ({weakest.rating}/5)")


def streak_line(progress) -> str:
    """Weeks reflected in a row, and answered of nudged."""
    if progress.streak == 0:
        streak = "No reflection this week or last: your next one starts a new streak"
    elif progress.reflected_this_week:
        streak = f"Reflected *{_weeks(progress.streak)}* in a row"
    else:
        streak = (f"Reflected *{_weeks(progress.streak)}* in a row; this week's keeps it "
                  "going")
    if progress.nudged == 0:
        return f"{streak} · no weekly nudge sent yet (`/techlead subscribe`)"
    return f"{streak} · answered *{progress.answered}* of *{progress.nudged}* nudges"


def _table_heading(progress) -> str:
    since = progress.rotations[0] if progress.rotations else progress.week
    return (f"*Your self-rating per rotation*, oldest to newest (a rotation is the nine "
            f"weeks in which each dimension comes once; since {since})")


def _fallback(progress) -> str:
    nudges = (f", answered {progress.answered} of {progress.nudged} nudges"
              if progress.nudged else "")
    return (f"Your progress: {plural(progress.reflections, 'reflection')}, "
            f"{_weeks(progress.streak)} in a row{nudges}")


def build_progress(progress, *, chart_attached: bool) -> dict:
    """The figures, and whether the chart made it to the person's DM."""
    notes = [("The chart of these figures is in our DM." if chart_attached else
              "I couldn't attach the chart just now; the table above has the same figures.")]
    if progress.earlier:
        notes.append(f"Earlier rotations ({progress.earlier}) are in `/techlead history`.")
    blocks = [
        bk.header("Your progress"),
        bk.section(extremes_line(progress)),
        bk.section(streak_line(progress)),
        bk.section(_table_heading(progress) + "\n" + "\n".join(table_lines(progress))),
        bk.context(" ".join(notes)),
        bk.context(PRIVACY),
    ]
    return bk.message(_fallback(progress), blocks)


def build_no_progress(view: WeekView) -> dict:
    """Someone with no reflections yet: how to start."""
    text = (f"Your progress starts with your first reflection. This week's dimension is "
            f"*{escape(view.topic.heading)}*: reflect on it now, and `/techlead subscribe` "
            "brings one short prompt a week. After a few weeks you'll see each dimension's "
            "rating move, your strongest and weakest, and your streak.")
    blocks = [bk.section(text),
              bk.actions(ids.PROGRESS_ACTIONS, reflect_button(view.week, view.topic)),
              bk.context("`/techlead reflect &lt;topic&gt;` reflects on another dimension.")]
    return bk.message("No reflections yet: reflect now or subscribe for a weekly prompt",
                      blocks)


def progress_chart_file(progress) -> dict:
    """The chart upload's file name, title, alt text and the table beside it
    (files.uploadV2 arguments)."""
    since = progress.rotations[0] if progress.rotations else progress.week
    return {
        "filename": f"techlead-progress-{progress.week}.png",
        "title": f"Your self-rating per rotation, {since} to {progress.week}",
        "alt_txt": ("Nine small line charts, one per dimension, of your self-rating from 1 "
                    "(mostly Software Engineer) to 5 (mostly Tech Lead) in each rotation "
                    f"from {since} to {progress.week}. The same figures are in the message "
                    "with the chart."),
        "initial_comment": _table_heading(progress) + "\n" + "\n".join(table_lines(progress)),
    }


def home_progress(progress) -> list[dict]:
    """App Home's short section: the last rotation's extremes and the streak."""
    return [bk.section("*Your progress*\n" + extremes_line(progress) + "\n"
                       + streak_line(progress)),
            bk.context("`/techlead progress` shows every dimension over time, with a chart.")]
