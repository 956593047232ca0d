"""Reading the charts the bot draws from their matplotlib figures (their bars, texts and
legend), not from PNG bytes."""

from __future__ import annotations

from bot import charts


def record_charts(monkeypatch) -> list:
    """Every figure bot.charts turns into a PNG from now on, in order (from any thread)."""
    drawn: list = []
    real = charts.png

    def png(figure) -> bytes:
        drawn.append(figure)
        return real(figure)

    monkeypatch.setattr(charts, "png", png)
    return drawn


def legend(figure) -> list[str]:
    (ax,) = figure.axes
    found = ax.get_legend()
    return [t.get_text() for t in found.get_texts()] if found else []


def bar_widths(figure) -> list[float]:
    """Each bar's length (its value; 0 for none), series after series."""
    (ax,) = figure.axes
    return [round(bar.get_width(), 2) for bar in ax.patches]


def texts(figure) -> list[str]:
    """Every text drawn on the chart: title, labels, values and notes, legend."""
    return [t.get_text() for t in figure.findobj(lambda o: hasattr(o, "get_text"))
            if t.get_text()]
