"""The digest's chart: a team's average self-rating on each dimension of the last rotation,
drawn as a PNG with Pillow (no plotting stack needed)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from bot.coaching.digest import Digest

WIDTH, HEIGHT = 900, 420
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 60, 90, 60
BAR_COLOR, HIGHLIGHT, GRID, INK = (180, 190, 205), (46, 182, 125), (230, 232, 236), (29, 28, 29)


def render_rotation_chart(digest: Digest) -> bytes:
    """Nine bars, one per dimension in rotation order; this week's highlighted."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    small = ImageFont.load_default(size=12)
    title = ImageFont.load_default(size=18)
    draw.text((MARGIN_LEFT, 18), f"Team average self-rating, last rotation to {digest.week}",
              fill=INK, font=title)
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    base = HEIGHT - MARGIN_BOTTOM
    for level in range(6):  # the 0-5 scale
        y = base - plot_h * level / 5
        draw.line([(MARGIN_LEFT, y), (WIDTH - 20, y)], fill=GRID)
        draw.text((MARGIN_LEFT - 20, y - 8), str(level), fill=INK, font=font)
    slot = (WIDTH - MARGIN_LEFT - 20) / len(digest.rotation)
    for i, point in enumerate(digest.rotation):
        x0 = MARGIN_LEFT + i * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        current = point.week == digest.week
        if point.average is not None:
            top = base - plot_h * point.average / 5
            draw.rectangle([(x0, top), (x1, base)], fill=HIGHLIGHT if current else BAR_COLOR)
            draw.text((x0, top - 18), f"{point.average:.1f}", fill=INK, font=font)
        else:
            draw.text((x0, base - 18), "n/a", fill=INK, font=font)
        # Slugs are the short names people type (`risk`, `reviews`): they fit under a bar.
        label = f"{point.topic.number}. {point.topic.slug.capitalize()[:9]}"
        draw.text((x0 - 6, base + 8), label, fill=INK, font=small)
        draw.text((x0 - 6, base + 26), point.week[5:], fill=INK, font=font)
        if current:
            draw.text((x0 - 6, base + 44), "this week", fill=HIGHLIGHT, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
