"""The result as escaped HTML: one renderer for the build and the browser (same bytes).

Links are relative to the calculator page (`link_base`, "../" with directory URLs), so the
fragment works at any depth and under any sub-path.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from .assumptions import Figure, Range, load_assumptions
from .chart import chart_svg, chart_table
from .costs import CostEstimate, estimate_costs
from .decision import (
    APPROACH_NAMES,
    APPROACHES,
    RULES,
    Recommendation,
    Warning,
    min_training_examples,
    recommend,
)
from .inputs import Answers
from .providers import load_providers
from .report import break_even_sentence, latency_range, money, money_range, section_title

__all__ = [
    "announcement_text",
    "assumptions_markdown",
    "decision_rules_markdown",
    "result_html",
    "summary_html",
]

WARNING_TITLES = {
    "constraint": "Hard constraint",
    "mistake": "Common mistake",
    "trade-off": "Trade-off",
    "provider": "Provider notice",
}


# Short names where space is tight (the phone summary), and as they read mid-sentence.
SHORT_NAMES = {"rag": "RAG", "fine-tuning": "Fine-tuning", "hybrid": "Hybrid"}
SPOKEN_NAMES = {"rag": "RAG", "fine-tuning": "fine-tuning", "hybrid": "hybrid"}

# Inline SVG markers (Material Design Icons, Apache-2.0): they render with any font, unlike
# U+26D4, and take the text colour. Decorative: the bold title beside each says the same.
WARNING_ICONS = {
    "constraint": "M13 13h-2V7h2m-2 8h2v2h-2m4.73-14H8.27L3 8.27v7.46L8.27 21h7.46L21 15.73V8.27z",
    "mistake": "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2z",
    "trade-off": "M12 3c-1.27 0-2.4.8-2.82 2H3v2h1.95L2 14c-.47 2 1 3 3.5 3s4.06-1 3.5-3L6.05 "
    "7h3.12c.33.85.98 1.5 1.83 1.83V20H2v2h20v-2h-9V8.82c.85-.32 1.5-.97 1.82-1.82h3.13L15 "
    "14c-.47 2 1 3 3.5 3s4.06-1 3.5-3l-2.95-7H21V5h-6.17C14.4 3.8 13.27 3 12 3m0 2a1 1 0 0 1 "
    "1 1 1 1 0 0 1-1 1 1 1 0 0 1-1-1 1 1 0 0 1 1-1m-6.5 5.25L7 14H4zm13 0L20 14h-3z",
    "provider": "M11 9h2V7h-2m1 13c-4.41 0-8-3.59-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8m0-18A10 "
    "10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2m-1 15h2v-6h-2z",
}


def _icon(kind: str) -> str:
    return (
        f'<svg class="calc-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" '
        f'focusable="false"><path fill="currentColor" d="{WARNING_ICONS[kind]}"/></svg>'
    )


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
    if rec.next_steps:
        steps = "".join(f"<li>{escape(step)}</li>" for step in rec.next_steps)
        parts.append(f'<h3>Next steps</h3><ol class="calc-next-steps">{steps}</ol>')
    notes: tuple[Warning, ...] = (*rec.constraints, *rec.warnings)
    if notes:
        items = "".join(
            f'<li class="calc-warning kind-{escape(w.kind)}">{_icon(w.kind)}<strong>'
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


def _cost_table(answers: Answers, est: CostEstimate) -> str:
    rows = "".join(
        f'<tr class="cost-{k}"><th scope="row">{escape(APPROACH_NAMES[k])}</th>'
        f'<td class="calc-money">{escape(money_range(est.monthly[k]))}</td>'
        f'<td class="calc-money">{escape(money_range(est.one_off[k]))}</td>'
        f'<td class="calc-money">{escape(money_range(est.first_year[k]))}</td></tr>'
        for k in APPROACHES
    )
    latency = "; ".join(f"{SHORT_NAMES[k]} {latency_range(est.latency_ms[k])}" for k in APPROACHES)
    return (
        '<div class="calc-table-scroll">'
        f'<table class="calc-cost-table"><caption>At {answers.queries_per_day:,} queries a day; '
        "US dollars, low–high</caption><thead><tr>"
        '<th scope="col">Approach</th><th scope="col">Per month</th>'
        '<th scope="col">One-off</th><th scope="col">First year</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        f'<p class="calc-latency">Time added before the first word of each answer: '
        f"{escape(latency)}.</p>"
    )


def _breakdown(est: CostEstimate) -> str:
    parts = []
    for k in APPROACHES:
        rows = "".join(
            f'<tr><th scope="row">{escape(c.name)}</th><td>{escape(c.kind)}</td>'
            f'<td class="calc-money">{escape(money_range(c.span))}</td></tr>'
            for c in est.breakdown[k]
        )
        parts.append(
            f'<details class="calc-breakdown cost-{k}"><summary>What '
            f"{escape(APPROACH_NAMES[k])} costs, part by part</summary>"
            '<div class="calc-table-scroll"><table class="calc-breakdown-table"><thead><tr>'
            '<th scope="col">Component</th><th scope="col">Kind</th><th scope="col">Range</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div></details>"
        )
    return "".join(parts)


def _provider_notes(est: CostEstimate) -> str:
    provider = est.provider
    notes = "".join(f"<li>{escape(note)}</li>" for note in provider.notes)
    return (
        f'<p class="calc-provider">Priced with <strong>{escape(provider.name)}</strong> '
        f"(fine-tuning {escape(provider.fine_tuning)}, fine-tuned models billed "
        f"{escape(SERVING_WORDS[provider.fine_tuned_serving])}; figures as of "
        f"{escape(provider.as_of)}).</p>"
        + (f'<ul class="calc-provider-notes">{notes}</ul>' if notes else "")
    )


SERVING_WORDS = {
    "base-price": "at the base model's token price",
    "premium": "at a premium over the base model's token price",
    "hourly": "by the hour per deployment plus tokens",
    "provisioned": "as provisioned throughput by the hour",
    "self-hosted": "as GPU time on your own servers",
}


def _costs(answers: Answers, est: CostEstimate, link_base: str) -> str:
    claim_class = "holds" if est.negligible.holds else "fails"
    return (
        '<h3 id="calc-costs">Costs</h3>'
        f"{_provider_notes(est)}{_cost_table(answers, est)}"
        f'<p class="calc-training">One training run: {escape(money_range(est.training))} for '
        f"{est.trained_examples:,} examples. The one-off column adds producing the examples, "
        "building each pipeline and an evaluation set, at your hourly rate. "
        f"{_link('costs/#fine-tuning-costs', link_base)}</p>"
        f"{_breakdown(est)}"
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


# Cached: it depends only on the packaged data (read once) and the link base, and it sorts
# every figure's date: about a tenth of a result's time once the rest is cached.
@lru_cache(maxsize=4)
def _assumptions_note(link_base: str) -> str:
    """Where the figures come from and how old they are (a printed decision keeps this)."""
    # "as of" texts start with a date ("2024-01-25 (unchanged in July 2026)", "2026").
    figures = [*load_assumptions().figures.values()]
    figures += [f for p in load_providers() for _, f in p.figures()]
    dates = sorted(figure.as_of.split(" ", 1)[0] for figure in figures)
    return (
        f'<p class="calc-assumptions-note">Prices and rates behind these costs: figures dated '
        f"{escape(dates[0])} to {escape(dates[-1])}, each with its source on "
        f'<a href="{escape(link_base)}assumptions/#figures">Assumptions and sources</a>.</p>'
    )


def _spoken_range(span: Range) -> str:
    low, high = money(span.low), money(span.high)
    return low if low == high else f"{low} to {high}"


def announcement_text(rec: Recommendation, est: CostEstimate) -> str:
    """One sentence for the page's polite live region: the answer and the headline costs."""
    costs = ", ".join(f"{SPOKEN_NAMES[k]} {_spoken_range(est.monthly[k])}" for k in APPROACHES)
    return f"Recommendation: {APPROACH_NAMES[rec.approach]}. Monthly cost: {costs}."


def summary_html(rec: Recommendation, est: CostEstimate) -> str:
    """The compact summary that stays in view on phones while the reader edits the form."""
    costs = "".join(
        f'<li class="cost-{k}">{escape(SHORT_NAMES[k])} '
        f'<span class="calc-money">{escape(money_range(est.monthly[k]))}</span></li>'
        for k in APPROACHES
    )
    return (
        '<div class="calc-mobile-summary" id="calc-mobile-summary">'
        f'<p class="calc-mobile-approach"><strong>{escape(APPROACH_NAMES[rec.approach])}'
        "</strong> recommended"
        '<span class="calc-mobile-stale">: not yet updated for your latest answers</span></p>'
        f'<p class="calc-mobile-per-month">Per month:</p><ul class="calc-mobile-costs">{costs}</ul>'
        '<a class="calc-mobile-link" href="#calc-approach">Full result</a></div>'
    )


def result_html(answers: Answers, *, link_base: str = "../") -> str:
    rec, est = recommend(answers), estimate_costs(answers)
    return (
        f'<div class="calc-result" data-approach="{rec.approach}" '
        f'data-announcement="{escape(announcement_text(rec, est))}">'
        f"{summary_html(rec, est)}"
        f"{_recommendation(rec, link_base)}{_costs(answers, est, link_base)}"
        f"{_assumptions_note(link_base)}</div>"
    )


def _figure_value(figure: Figure) -> str:
    if figure.is_range:
        return f"{figure.range.low:,g}–{figure.range.high:,g}"
    return f"{figure.range.low:,g}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


STALE_AFTER_DAYS = 183  # "older than six months"


def _is_stale(as_of: str, today: date) -> bool:
    """A figure dated only by year counts from 1 January; undatable text is never stale."""
    try:
        dated = date.fromisoformat(as_of[:10]) if len(as_of) >= 10 else date(int(as_of[:4]), 1, 1)
    except ValueError:
        return False
    return (today - dated).days > STALE_AFTER_DAYS


def _as_of_cell(as_of: str, today: date) -> str:
    return f"{as_of} (possibly stale)" if _is_stale(as_of, today) else as_of


def assumptions_markdown(today: date | None = None) -> str:
    """The Assumptions page: every figure and the provider catalogue, each with its source and
    date; figures older than six months on `today` (the build date) are marked possibly stale."""
    today = today or date.today()
    data = load_assumptions()
    lines = ["| Figure | Value | Unit | Source | As of |", "|---|---|---|---|---|"]
    lines += [
        f"| {_cell(f.label)} | {_figure_value(f)} | {_cell(f.unit)} | "
        f"{_cell(data.source_text(f))} | {_as_of_cell(f.as_of, today)} |"
        for f in data.figures.values()
    ]
    lines += ["", '<a id="provider-notices"></a>', "", "## Provider catalogue {#providers}", ""]
    lines += [
        "| Provider | Fine-tuning | Fine-tuned model billed | Small tier | Flagship tier | As of |",
        "|---|---|---|---|---|---|",
    ]
    providers = load_providers()
    lines += [
        f"| {_cell(p.name)} (`{p.id}`) | {p.fine_tuning} | {SERVING_WORDS[p.fine_tuned_serving]} "
        f"| {_cell(p.tier('small').model)} | {_cell(p.tier('flagship').model)} "
        f"| {_as_of_cell(p.as_of, today)} |"
        for p in providers
    ]
    for p in providers:
        lines += ["", f"### {p.name} {{#provider-{p.id}}}", ""]
        lines += [f"- {_cell(note)}" for note in p.notes]
        lines += [f"- Source: {_cell(source)}" for source in p.sources]
        lines += ["", "| Tier | Figure | Value | Unit | Source | As of |"]
        lines += ["|---|---|---|---|---|---|"]
        lines += [
            f"| {tier} | {FIGURE_NAMES.get(f.key, f.key)} | {_figure_value(f)} | {_cell(f.unit)} "
            f"| {_cell(data.source_text(f))} | {_as_of_cell(f.as_of, today)} |"
            for tier, f in p.figures()
        ]
    return "\n".join(lines) + "\n"


FIGURE_NAMES = {
    "embedding_price": "Embedding price",
    "input_price": "Input tokens",
    "output_price": "Output tokens",
    "training_price": "Training",
    "fine_tuned_multiplier": "Fine-tuned token price",
    "hosting_hourly": "Hosting fee",
    "dedicated_hourly": "Dedicated deployment",
    "provisioned_hourly": "Provisioned throughput",
    "gpu_hourly": "GPU hour",
    "gpus": "GPUs per replica",
    "throughput": "Serving throughput",
    "training_throughput": "Training throughput",
}


def decision_rules_markdown() -> str:
    """The decision-framework page's table: the engine's own rules, weights and gates."""
    lines = [
        "| When | Favours | Weight | The guide's wording behind the weight |",
        "|---|---|---:|---|",
    ]
    lines += [
        f"| {_cell(rule.when)} ([guide]({rule.section.replace('/#', '.md#')})) "
        f"| {APPROACH_NAMES[rule.favors]} | {rule.weight} | {_cell(rule.guide_says)} |"
        for rule in RULES
    ]
    minimum = min_training_examples()
    lines += [
        "",
        "Weights: 3 where the guide is categorical, 2 where it is strong but qualified, 1 where "
        "it lists a factor without weighing it. Then, in this order:",
        "",
        "1. **Hard constraints.** Citations rule out fine-tuning alone. Edge and air-gapped "
        "deployments rule out hosted services, not retrieval: a local index still works.",
        f"2. **Enough data.** Below {minimum:,} high-quality examples (our reading of the "
        "guide's “thousands”) neither fine-tuning nor a hybrid is recommended.",
        "3. **Start simple.** A prototype is not told to fine-tune: prompting, structured "
        "outputs and retrieval come first.",
        "4. **Hybrid** when the answers need both current knowledge (weekly or daily changes, or "
        "citations) and new behaviour or reasoning, and a production team can run two systems.",
        "5. **Otherwise the higher score wins;** a tie goes to RAG, the guide's default start.",
    ]
    return "\n".join(lines) + "\n"
