"""An SVG chart of monthly cost against query volume (log-log), with low/high bands per approach.

Rendered by the engine so the build and the browser draw identical bytes, with no chart library
to download. Colours are presentation attributes that the page's CSS may override per palette.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from .assumptions import Range
from .costs import CostLine, cost_lines
from .decision import APPROACH_NAMES, APPROACHES
from .inputs import Answers
from .report import money_range

__all__ = ["LAYOUTS", "VOLUMES", "ChartLayout", "chart_svg", "chart_table", "label_width"]

FIRST_DECADE, LAST_DECADE = 1, 7  # 10 to 10,000,000 queries a day
STEPS_PER_DECADE = 6
VOLUMES = tuple(10**d for d in range(FIRST_DECADE, LAST_DECADE + 1))
COLOURS = {"rag": "#1e88e5", "fine-tuning": "#e65100", "hybrid": "#8e24aa"}
# A glyph's advance as a share of the font size, rounded up for the widest characters we draw
# ("$", digits, "k", "M", "B"): label sizes are estimated, never measured, so the bytes stay
# the same in every Python; the browser test checks the estimate against real text boxes.
CHARACTER_WIDTH = 0.68
MAX_Y_LABELS = 8


@dataclass(frozen=True, kw_only=True, slots=True)
class ChartLayout:
    """One drawing of the chart, sized for the width it is shown at: SVG text scales with the
    picture, so a phone gets its own narrower viewBox rather than a shrunken desktop one."""

    name: str
    width: int
    height: int
    font_size: int
    right: int = 12
    top: int = 12
    bottom: int = 46

    def x(self, volume: float, left: float) -> float:
        span = LAST_DECADE - FIRST_DECADE
        return left + (math.log10(volume) - FIRST_DECADE) / span * (self.width - left - self.right)


# calculator.css shows "wide" in a result column of 520 px or more (text at least 13 * 520/600
# = 11.3 px) and "narrow" below it (12 * 350/360 = 11.7 px on a 390 px phone).
LAYOUTS = (
    ChartLayout(name="wide", width=600, height=320, font_size=13),
    ChartLayout(name="narrow", width=360, height=300, font_size=12),
)


def label_width(text: str, font_size: float) -> float:
    """A generous estimate of a label's width in the chart's units."""
    return len(text) * font_size * CHARACTER_WIDTH


def _num(value: float) -> str:
    return f"{value:.1f}"


def _compact(amount: int) -> str:
    """10,000 -> "10k": axis labels short enough to stay readable on a phone."""
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "k")):
        if amount >= size:
            return f"{amount // size:,}{suffix}"
    return f"{amount:,}"


# The volumes each band is drawn through: the same on every chart (the chart is redrawn on
# every keystroke in the browser, so this and each layout's x coordinates are worked out once).
_BAND_VOLUMES = tuple(
    10 ** (FIRST_DECADE + i / STEPS_PER_DECADE)
    for i in range((LAST_DECADE - FIRST_DECADE) * STEPS_PER_DECADE + 1)
)


def _text(
    x: str, y: str, body: str, font_size: int, extra: str = "", css_class: str = "calc-axis"
) -> str:
    return (
        f'<text class="{css_class}" x="{x}" y="{y}" font-size="{font_size}" '
        f'fill="currentColor"{extra}>{body}</text>'
    )


def _draw(
    layout: ChartLayout,
    bands: dict[str, list[Range]],
    y_min: float,
    y_max: float,
    break_even: float | None,
) -> str:
    font = layout.font_size
    exponents = range(round(math.log10(y_min)), round(math.log10(y_max)) + 1)
    step = math.ceil(len(exponents) / MAX_Y_LABELS)
    y_labels = {e: "$" + _compact(10**e) for e in exponents[::step]}
    left = math.ceil(max(label_width(t, font) for t in y_labels.values()) + 10)
    plot_bottom = layout.height - layout.bottom
    log_y_min, log_y_span = math.log10(y_min), math.log10(y_max / y_min)

    def y(cost: float) -> float:
        fraction = (math.log10(max(cost, y_min)) - log_y_min) / log_y_span
        return plot_bottom - fraction * (plot_bottom - layout.top)

    suffix = layout.name
    parts = [
        f'<svg class="calc-chart calc-chart-{suffix}" viewBox="0 0 {layout.width} '
        f'{layout.height}" role="img" '
        f'aria-labelledby="calc-chart-title-{suffix} calc-chart-desc-{suffix}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="calc-chart-title-{suffix}">Monthly cost against queries per day</title>',
        f'<desc id="calc-chart-desc-{suffix}">Log-log chart with a low-to-high band for each '
        "approach; the table below gives the same figures.</desc>",
    ]
    last_x = layout.width - layout.right
    for decade in range(FIRST_DECADE, LAST_DECADE + 1):  # vertical grid and x labels
        x = _num(layout.x(10**decade, left))
        parts.append(
            f'<line class="calc-grid" x1="{x}" y1="{layout.top}" x2="{x}" '
            f'y2="{plot_bottom}" stroke="#9e9e9e" stroke-opacity="0.3"/>'
        )
        # The last label ends at the edge instead of centring on it (it would be cut in half).
        anchor = "end" if decade == LAST_DECADE else "middle"
        parts.append(
            _text(
                _num(last_x) if decade == LAST_DECADE else x,
                _num(plot_bottom + font + 4),
                _compact(10**decade),
                font,
                f' text-anchor="{anchor}"',
            )
        )
    for exponent in exponents:
        cost_y = _num(y(10**exponent))
        parts.append(
            f'<line class="calc-grid" x1="{left}" y1="{cost_y}" x2="{last_x}" '
            f'y2="{cost_y}" stroke="#9e9e9e" stroke-opacity="0.3"/>'
        )
        if exponent in y_labels:
            parts.append(
                _text(
                    str(left - 6),
                    cost_y,
                    escape(y_labels[exponent]),
                    font,
                    ' text-anchor="end" dominant-baseline="middle"',
                )
            )
    parts.append(
        _text(
            _num((left + last_x) / 2),
            str(layout.height - 6),
            "Queries per day",
            font,
            ' text-anchor="middle"',
        )
    )
    xs = [_num(layout.x(v, left)) for v in _BAND_VOLUMES]
    for approach in APPROACHES:
        band = bands[approach]
        upper = [f"{x},{_num(y(c.high))}" for x, c in zip(xs, band, strict=True)]
        lower = [f"{x},{_num(y(c.low))}" for x, c in zip(xs, band, strict=True)]
        colour = COLOURS[approach]
        parts.append(
            f'<polygon class="calc-band band-{approach}" fill="{colour}" '
            f'fill-opacity="0.25" stroke="{colour}" stroke-width="1.5" '
            f'points="{" ".join(upper + lower[::-1])}"/>'
        )
    if break_even is not None and 10**FIRST_DECADE <= break_even <= 10**LAST_DECADE:
        parts.append(_break_even_marker(layout, left, plot_bottom, break_even))
    parts.append("</svg>")
    return "".join(parts)


def _break_even_marker(layout: ChartLayout, left: float, plot_bottom: float, volume: float) -> str:
    """A dashed line at the break-even volume, labelled on two lines on whichever side of it
    has room, so the label stays inside the plot wherever the line falls."""
    font = layout.font_size
    x = layout.x(volume, left)
    lines = ("break-even", f"{_compact_volume(volume)}/day")
    width = max(label_width(line, font) for line in lines)
    fits_right = x + 4 + width <= layout.width - layout.right
    anchor, label_x = ("start", x + 4) if fits_right else ("end", x - 4)
    spans = "".join(
        f'<tspan x="{_num(label_x)}" dy="{0 if i == 0 else font + 2}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<line class="calc-break-even" x1="{_num(x)}" y1="{layout.top}" x2="{_num(x)}" '
        f'y2="{plot_bottom}" stroke="currentColor" stroke-dasharray="4 3"/>'
        + _text(
            _num(label_x),
            str(layout.top + font),
            spans,
            font,
            f' text-anchor="{anchor}"',
            "calc-axis calc-chart-label",
        )
    )


def _compact_volume(volume: float) -> str:
    """2,345.6 -> "2,346"; 1,234,567 -> "1.23M": short enough to sit beside the line."""
    if volume >= 1_000_000:
        return f"{volume / 1_000_000:.3g}M"
    return f"{volume:,.0f}"


# The chart and its table are drawn from the cost lines alone (and the break-even, itself worked
# out from them), so they are cached on exactly those values: the same lines, the same bytes.
# Typing a volume, or any answer that does not price anything, then redraws nothing. Bounded:
# a drawing is about 13 kB.
_Lines = tuple[tuple[str, CostLine], ...]


def chart_svg(answers: Answers, break_even: float | None) -> str:
    """The chart in each layout (CSS shows the one that fits), then its legend."""
    return _chart_svg(tuple(cost_lines(answers).items()), break_even)


@lru_cache(maxsize=16)
def _chart_svg(lines: _Lines, break_even: float | None) -> str:
    bands = {a: [line.at(v) for v in _BAND_VOLUMES] for a, line in lines}
    drawn = [cost for band in bands.values() for cost in band]
    values = [max(cost.low, 1.0) for cost in drawn] + [max(cost.high, 1.0) for cost in drawn]
    y_min = 10 ** math.floor(math.log10(min(values)))
    y_max = 10 ** math.ceil(math.log10(max(values)))
    if y_max <= y_min:
        y_max = y_min * 10
    drawings = "".join(_draw(layout, bands, y_min, y_max, break_even) for layout in LAYOUTS)
    legend = "".join(
        f'<li><svg class="calc-swatch" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="{COLOURS[a]}"/></svg> '
        f"{escape(APPROACH_NAMES[a])}</li>"
        for a in APPROACHES
    )
    return drawings + f'<ul class="calc-legend">{legend}</ul>'


def chart_table(answers: Answers) -> str:
    """The chart's figures as a table (for screen readers and for reading exact values)."""
    return _chart_table(tuple(cost_lines(answers).items()))


@lru_cache(maxsize=16)
def _chart_table(cost_line_items: _Lines) -> str:
    head = "".join(f'<th scope="col">{escape(APPROACH_NAMES[a])}</th>' for a in APPROACHES)
    rows, lines = [], dict(cost_line_items)
    for volume in VOLUMES:
        cells = "".join(f"<td>{escape(money_range(lines[a].at(volume)))}</td>" for a in APPROACHES)
        rows.append(f'<tr><th scope="row">{volume:,}</th>{cells}</tr>')
    return (
        '<table class="calc-chart-table"><caption>Monthly cost (USD, low–high) by queries '
        f'per day</caption><thead><tr><th scope="col">Queries per day</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
