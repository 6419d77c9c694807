"""An SVG chart of monthly cost against query volume (log-log), with low/high bands per approach.

Rendered by the engine so the build and the browser draw identical bytes, with no chart library
to download. Colours are presentation attributes that the page's CSS may override per palette.
"""

from __future__ import annotations

import math
from html import escape

from .costs import cost_lines
from .decision import APPROACH_NAMES, APPROACHES
from .inputs import Answers
from .report import money, money_range

__all__ = ["VOLUMES", "chart_svg", "chart_table"]

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 44
FIRST_DECADE, LAST_DECADE = 1, 7  # 10 to 10,000,000 queries a day
STEPS_PER_DECADE = 6
VOLUMES = tuple(10**d for d in range(FIRST_DECADE, LAST_DECADE + 1))
COLOURS = {"rag": "#1e88e5", "fine-tuning": "#e65100", "hybrid": "#8e24aa"}


def _x(volume: float) -> float:
    span = LAST_DECADE - FIRST_DECADE
    return LEFT + (math.log10(volume) - FIRST_DECADE) / span * (WIDTH - LEFT - RIGHT)


def _num(value: float) -> str:
    return f"{value:.1f}"


# The volumes each band is drawn through, and their x coordinates: the same on every chart,
# so worked out once (the chart is redrawn on every keystroke in the browser).
_BAND_VOLUMES = tuple(
    10 ** (FIRST_DECADE + i / STEPS_PER_DECADE)
    for i in range((LAST_DECADE - FIRST_DECADE) * STEPS_PER_DECADE + 1)
)
_BAND_XS = tuple(_num(_x(v)) for v in _BAND_VOLUMES)


def chart_svg(answers: Answers, break_even: float | None) -> str:
    bands = {a: [line.at(v) for v in _BAND_VOLUMES] for a, line in cost_lines(answers).items()}
    drawn = [cost for band in bands.values() for cost in band]
    values = [max(cost.low, 1.0) for cost in drawn] + [max(cost.high, 1.0) for cost in drawn]
    y_min = 10 ** math.floor(math.log10(min(values)))
    y_max = 10 ** math.ceil(math.log10(max(values)))
    if y_max <= y_min:
        y_max = y_min * 10
    log_y_min, log_y_span = math.log10(y_min), math.log10(y_max / y_min)

    def y(cost: float) -> float:
        fraction = (math.log10(max(cost, y_min)) - log_y_min) / log_y_span
        return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<svg class="calc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="calc-chart-title calc-chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        '<title id="calc-chart-title">Monthly cost against queries per day</title>',
        '<desc id="calc-chart-desc">Log-log chart with a low-to-high band for each '
        "approach; the table below gives the same figures.</desc>",
    ]
    for decade in range(FIRST_DECADE, LAST_DECADE + 1):  # vertical grid and x labels
        x = _num(_x(10**decade))
        parts.append(
            f'<line class="calc-grid" x1="{x}" y1="{TOP}" x2="{x}" '
            f'y2="{HEIGHT - BOTTOM}" stroke="#9e9e9e" stroke-opacity="0.3"/>'
        )
        parts.append(
            f'<text class="calc-axis" x="{x}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle" font-size="11" fill="currentColor">{10**decade:,}</text>'
        )
    for exponent in range(round(math.log10(y_min)), round(math.log10(y_max)) + 1):
        cost_y = _num(y(10**exponent))
        parts.append(
            f'<line class="calc-grid" x1="{LEFT}" y1="{cost_y}" x2="{WIDTH - RIGHT}" '
            f'y2="{cost_y}" stroke="#9e9e9e" stroke-opacity="0.3"/>'
        )
        parts.append(
            f'<text class="calc-axis" x="{LEFT - 6}" y="{cost_y}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="11" fill="currentColor">'
            f"{escape(money(10**exponent))}</text>"
        )
    parts.append(
        f'<text class="calc-axis" x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - 6}" '
        'text-anchor="middle" font-size="12" fill="currentColor">Queries per day</text>'
    )
    for approach in APPROACHES:
        band = bands[approach]
        upper = [f"{x},{_num(y(c.high))}" for x, c in zip(_BAND_XS, band, strict=True)]
        lower = [f"{x},{_num(y(c.low))}" for x, c in zip(_BAND_XS, band, strict=True)]
        colour = COLOURS[approach]
        parts.append(
            f'<polygon class="calc-band band-{approach}" fill="{colour}" '
            f'fill-opacity="0.25" stroke="{colour}" stroke-width="1.5" '
            f'points="{" ".join(upper + lower[::-1])}"/>'
        )
    if break_even is not None and 10**FIRST_DECADE <= break_even <= 10**LAST_DECADE:
        x = _num(_x(break_even))
        parts.append(
            f'<line class="calc-break-even" x1="{x}" y1="{TOP}" x2="{x}" '
            f'y2="{HEIGHT - BOTTOM}" stroke="currentColor" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text class="calc-axis" x="{x}" y="{TOP + 10}" dx="4" font-size="11" '
            f'fill="currentColor">break-even {break_even:,.0f}/day</text>'
        )
    parts.append("</svg>")
    legend = "".join(
        f'<li><svg class="calc-swatch" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="{COLOURS[a]}"/></svg> '
        f"{escape(APPROACH_NAMES[a])}</li>"
        for a in APPROACHES
    )
    return "".join(parts) + f'<ul class="calc-legend">{legend}</ul>'


def chart_table(answers: Answers) -> str:
    """The chart's figures as a table (for screen readers and for reading exact values)."""
    head = "".join(f'<th scope="col">{escape(APPROACH_NAMES[a])}</th>' for a in APPROACHES)
    rows, lines = [], cost_lines(answers)
    for volume in VOLUMES:
        cells = "".join(f"<td>{escape(money_range(lines[a].at(volume)))}</td>" for a in APPROACHES)
        rows.append(f'<tr><th scope="row">{volume:,}</th>{cells}</tr>')
    return (
        '<table class="calc-chart-table"><caption>Monthly cost (USD, low–high) by queries '
        f'per day</caption><thead><tr><th scope="col">Queries per day</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
