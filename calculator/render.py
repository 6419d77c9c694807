"""The result as escaped HTML: one renderer for the build and the browser (same bytes).

Links are relative to the calculator page (`link_base`, "../" with directory URLs), so the
fragment works at any depth and under any sub-path.
"""

from __future__ import annotations

from html import escape

from .assumptions import load_assumptions
from .chart import chart_svg, chart_table
from .costs import CostEstimate, estimate_costs
from .decision import APPROACH_NAMES, APPROACHES, Recommendation, Warning, recommend
from .inputs import Answers
from .report import break_even_sentence, money, money_range, section_title

__all__ = ["assumptions_markdown", "result_html"]

WARNING_TITLES = {
    "constraint": "Hard constraint",
    "mistake": "Common mistake",
    "trade-off": "Trade-off",
    "provider": "Provider notice",
}


def _link(section: str, link_base: str) -> str:
    return (
        f'<a class="calc-guide-link" href="{escape(link_base + section)}">'
        f"Guide: {escape(section_title(section))}</a>"
    )


def _recommendation(rec: Recommendation, link_base: str) -> str:
    reasons = "".join(
        f'<li class="calc-reason favors-{r.favors}" data-field="{escape(r.field)}">'
        f'<span class="calc-badge">{escape(APPROACH_NAMES[r.favors])} +{r.weight}</span> '
        f"{escape(r.text)} {_link(r.section, link_base)}</li>"
        for r in rec.reasons
    )
    scores = " · ".join(f"{escape(APPROACH_NAMES[k])} {v}" for k, v in rec.scores.items())
    parts = [
        f'<h2 class="calc-approach" id="calc-approach">Recommendation: '
        f"{escape(APPROACH_NAMES[rec.approach])}</h2>",
        f'<p class="calc-summary">{escape(rec.summary)}</p>',
        f'<p class="calc-scores">Weighted score: {scores}.</p>',
        f'<h3>Why</h3><ul class="calc-reasons">{reasons}</ul>',
    ]
    notes: tuple[Warning, ...] = (*rec.constraints, *rec.warnings)
    if notes:
        items = "".join(
            f'<li class="calc-warning kind-{escape(w.kind)}"><strong>'
            f"{escape(WARNING_TITLES[w.kind])}.</strong> {escape(w.text)} "
            f"{_link(w.section, link_base)}</li>"
            for w in notes
        )
        parts.append(f'<h3>Watch out</h3><ul class="calc-warnings">{items}</ul>')
    if rec.pivots:
        items = "".join(
            f'<li data-field="{escape(p.field)}">{escape(p.text)}</li>' for p in rec.pivots
        )
        parts.append(f'<h3>What would change it</h3><ul class="calc-pivots">{items}</ul>')
    return "".join(parts)


def _costs(answers: Answers, est: CostEstimate, link_base: str) -> str:
    rows = "".join(
        f'<tr class="cost-{k}"><th scope="row">{escape(APPROACH_NAMES[k])}</th>'
        f"<td>{escape(money(est.monthly[k].low))}</td><td>{escape(money(est.monthly[k].high))}</td>"
        "</tr>"
        for k in APPROACHES
    )
    claim_class = "holds" if est.negligible.holds else "fails"
    return (
        '<h3 id="calc-costs">Monthly cost</h3>'
        f'<table class="calc-cost-table"><caption>At {answers.queries_per_day:,} queries a day, '
        'US dollars per month</caption><thead><tr><th scope="col">Approach</th>'
        '<th scope="col">Low</th><th scope="col">High</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<p class="calc-training">One-off training: {escape(money_range(est.training))} '
        f"{_link('costs/#fine-tuning-costs', link_base)}</p>"
        f'<p class="calc-break-even">{escape(break_even_sentence(est))} '
        f"{_link('costs/#break-even', link_base)}</p>"
        f'<p class="calc-claim claim-{claim_class}">{escape(est.negligible.text)} '
        f"{_link('costs/#the-10000-queries-claim', link_base)}</p>"
        '<figure class="calc-figure">'
        f"{chart_svg(answers, est.break_even_queries_per_day)}"
        "<figcaption>Monthly cost against queries per day; each band runs from the low to the "
        "high estimate.</figcaption></figure>"
        f'<details class="calc-chart-details"><summary>The chart\'s figures as a table</summary>'
        f"{chart_table(answers)}</details>"
    )


def result_html(answers: Answers, *, link_base: str = "../") -> str:
    rec, est = recommend(answers), estimate_costs(answers)
    return (
        f'<div class="calc-result" data-approach="{rec.approach}">'
        f"{_recommendation(rec, link_base)}{_costs(answers, est, link_base)}</div>"
    )


def assumptions_markdown() -> str:
    """The Assumptions page's table: every figure with its value, unit, source and date."""
    data = load_assumptions()
    lines = ["| Figure | Value | Unit | Source | As of |", "|---|---|---|---|---|"]
    for figure in data.figures.values():
        value = (
            f"{figure.range.low:,g}–{figure.range.high:,g}"
            if figure.is_range
            else f"{figure.range.low:,g}"
        )
        source = data.source_text(figure).replace("|", "\\|")
        lines.append(f"| {figure.label} | {value} | {figure.unit} | {source} | {figure.as_of} |")
    lines += ["", "## Dated provider notices {#provider-notices}", ""]
    lines += [
        f"- **{note.provider}, announced {note.announced}, effective {note.effective}.** "
        f"{note.text} Source: {note.source}."
        for note in data.provider_notes
    ]
    return "\n".join(lines) + "\n"
