"""Charts drawn on the server as inline SVG: no script, no library, works offline."""

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 28
COLOURS = ("#1f6feb", "#f0a030")


def _nice_top(value: int) -> int:
    """A round number at or above the highest bar for the axis."""
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        top = step * magnitude
        if top >= value:
            return top
    return value


def stacked_bars_svg(
    days: Sequence[date],
    series: Sequence[Sequence[int]],
    names: Sequence[str],
    title: str,
) -> Markup:
    """Bars per day with the series stacked; a <title> on each bar for its figures."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(values) for values in zip(*series, strict=True)] if days else []
    top = _nice_top(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.7, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#999"/>',
    ]
    for fraction in (0.5, 1.0):
        y = TOP + plot_h - plot_h * fraction
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e3e6eb"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#5b6475">{int(top * fraction)}</text>'
        )
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar) / 2
        base = TOP + plot_h
        label = ", ".join(
            f"{escape(name)}: {values[index]}" for name, values in zip(names, series, strict=True)
        )
        parts.append(f"<g><title>{day:%d.%m.%Y}: {label}</title>")
        for colour, values in zip(COLOURS, series, strict=False):
            height = plot_h * values[index] / top if top else 0
            base -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}"/>'
            )
        parts.append("</g>")
        if index % 5 == 0 or index == len(days) - 1:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                f'font-size="11" fill="#5b6475">{day:%d.%m}</text>'
            )
    legend_x = LEFT
    for colour, name in zip(COLOURS, names, strict=False):
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT + 8}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{HEIGHT + 18}" font-size="12">{escape(name)}</text>'
        )
        legend_x += 16 + 8 * len(name) + 24
    parts.append("</svg>")
    return Markup("".join(parts))
