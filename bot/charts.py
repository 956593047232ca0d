"""Charts as PNG images, drawn with matplotlib's Agg backend (no display needed), for the
manager's digest and for `/techlead progress`. Labels are shown in full, wrapped onto lines
rather than cut; each chart goes out with alt text and its figures as text beside it."""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib itself is imported when the first chart is drawn
    from matplotlib.figure import Figure

DPI = 100
WRAP, MAX_LINES = 30, 3
INK, MUTED, GRID = "#1d1c1d", "#616061", "#e6e8ec"
BAR, HIGHLIGHT, LINE = "#b4becd", "#2eb67d", "#1264a3"
EARLIER = ("#e4e8ee", "#d0d6df")  # earlier series, muted: the older, the lighter
SCALE_NOTE = "1 = mostly Software Engineer, 5 = mostly Tech Lead"
MAX_X_LABELS = 7  # on a panel about four inches wide; more would overlap
# Text drawing goes through font objects matplotlib caches and shares; sends after the ack
# run on several threads, so one chart is drawn at a time.
_DRAWING = threading.Lock()


def label(text: str, width: int = WRAP, lines: int = MAX_LINES) -> str:
    """`text` wrapped onto lines of about `width` characters, cut (and marked) only past
    `lines` lines, which no title in the guide comes near."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return "\n".join(wrapped)


def _figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    # Imported here: matplotlib takes about half a second to import, which only a process
    # that draws a chart should pay (not every CLI task, nor a web worker's start-up).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI,
                    layout="constrained" if constrained else None, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None],
              notes: Sequence[str], highlight: int | None = None, *,
              earlier: Sequence[tuple[str, Sequence[float | None]]] = (),
              name: str = "") -> Figure:
    """Horizontal bars on the 0-5 scale, one per label from the top, each with its value
    ("n/a" for none) and its note at its end; bar `highlight` in green. `earlier` series
    (name, values), oldest first, are drawn muted above each bar with their values, and a
    legend names them and this series (`name`)."""
    groups = 1 + len(earlier)
    figure = _figure(9, (0.35 + 0.2 * groups) * len(labels) + 1.8 + 0.3 * bool(earlier))
    ax = figure.add_subplot()
    rows, height = range(len(labels)), 0.7 / groups
    offset = (groups - 1) * height / 2  # this series at the bottom of each row's group
    bars = [ax.barh([row + offset for row in rows], [value or 0 for value in values],
                    height=height if earlier else 0.6,
                    color=[HIGHLIGHT if row == highlight else BAR for row in rows])]
    for row, value, note in zip(rows, values, notes, strict=True):
        shown = "n/a" if value is None else f"{value:.1f}"
        ax.text((value or 0) + 0.08, row + offset, f"{shown} · {note}" if note else shown,
                va="center", fontsize=9, color=HIGHLIGHT if row == highlight else INK,
                parse_math=False)
    for k, (_, past) in enumerate(earlier):
        at = [row - offset + k * height for row in rows]
        bars.insert(k, ax.barh(at, [value or 0 for value in past], height=height,
                               color=EARLIER[len(EARLIER) - len(earlier) + k]))
        for y, value in zip(at, past, strict=True):
            ax.text((value or 0) + 0.08, y, "n/a" if value is None else f"{value:.1f}",
                    va="center", fontsize=7, color=MUTED, parse_math=False)
    ax.set_yticks(rows, labels=[label(text) for text in labels], parse_math=False)
    ax.invert_yaxis()  # the first label on top
    ax.set_xlim(0, 6.4)  # room after a full bar for its value and note
    ax.set_xticks(range(6))
    if earlier:  # oldest first, as the bars stand in each row
        ax.legend(bars, [series for series, _ in earlier] + [name], loc="lower left",
                  bbox_to_anchor=(0, 1.0), ncols=groups, frameon=False, fontsize=8)
    ax.set_title(title, loc="left", fontsize=13, color=INK, parse_math=False,
                 pad=22 if earlier else 6)
    ax.set_xlabel(f"average self-rating ({SCALE_NOTE})", color=MUTED, fontsize=9)
    _tidy(ax, "x")
    return figure


def trend_grid(title: str, panels: Sequence[tuple[str, Sequence[tuple[int, int]]]],
               x_labels: Sequence[str], columns: int = 3) -> Figure:
    """One small line chart per panel, (x position, rating) points on the 1-5 scale, all
    sharing the x axis `x_labels`; a panel with no points says so."""
    rows = max(1, math.ceil(len(panels) / columns))
    # Fixed margins rather than the constrained layout, which would double the drawing
    # time (measured: about 300 ms against 650): every panel's labels are the same shape.
    figure = _figure(12, 2.5 * rows + 1.4, constrained=False)
    figure.subplots_adjust(left=0.06, right=0.98, top=1 - 0.75 / figure.get_figheight(),
                           bottom=0.85 / figure.get_figheight(), hspace=0.4, wspace=0.1)
    axes = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False).flat
    for ax, (name, points) in zip(axes, panels, strict=False):
        ax.set_title(label(name, 34), loc="left", fontsize=10, color=INK, parse_math=False)
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", color=LINE)
            ax.annotate(str(ys[-1]), (xs[-1], ys[-1]), xytext=(5, 5),
                        textcoords="offset points", fontsize=9, color=LINE)
        else:
            ax.text(0.5, 0.5, "not rated yet", transform=ax.transAxes, ha="center",
                    va="center", color=MUTED, fontsize=9)
        ax.set_ylim(0.5, 5.6)
        ax.set_yticks(range(1, 6))
        _tidy(ax, "y")
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    every = math.ceil(len(x_labels) / MAX_X_LABELS) or 1
    shown = [text if (len(x_labels) - 1 - n) % every == 0 else ""  # the newest one always
             for n, text in enumerate(x_labels)]
    axes[0].set_xticks(range(len(x_labels)), labels=shown, parse_math=False)
    axes[0].set_xlim(-0.5, max(len(x_labels), 1) - 0.5)
    for ax in axes:
        ax.tick_params(axis="x", labelsize=8, labelrotation=30)
    figure.suptitle(title, x=0.01, y=0.99, ha="left", va="top", fontsize=13, color=INK)
    figure.supylabel(f"self-rating ({SCALE_NOTE})", x=0.01, color=MUTED, fontsize=9)
    return figure


def _tidy(ax, grid: str) -> None:
    ax.grid(axis=grid, color=GRID)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes (no software version written into the file)."""
    out = io.BytesIO()
    with _DRAWING:
        figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
