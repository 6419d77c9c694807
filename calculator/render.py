"""The result as escaped HTML: one renderer for the build and the browser (same bytes).

Links are relative to the calculator page (`link_base`, "../" with directory URLs), so the
fragment works at any depth and under any sub-path.
"""

from __future__ import annotations

from datetime import date
from html import escape

from .assumptions import Figure, load_assumptions
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
from .report import break_even_sentence, latency_range, money_range, section_title

__all__ = ["assumptions_markdown", "decision_rules_markdown", "result_html"]

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
    if rec.next_steps:
        steps = "".join(f"<li>{escape(step)}</li>" for step in rec.next_steps)
        parts.append(f'<h3>Next steps</h3><ol class="calc-next-steps">{steps}</ol>')
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


def _cost_table(answers: Answers, est: CostEstimate) -> str:
    rows = "".join(
        f'<tr class="cost-{k}"><th scope="row">{escape(APPROACH_NAMES[k])}</th>'
        f"<td>{escape(money_range(est.monthly[k]))}</td>"
        f"<td>{escape(money_range(est.one_off[k]))}</td>"
        f"<td>{escape(money_range(est.first_year[k]))}</td>"
        f"<td>{escape(latency_range(est.latency_ms[k]))}</td></tr>"
        for k in APPROACHES
    )
    return (
        f'<table class="calc-cost-table"><caption>At {answers.queries_per_day:,} queries a day, '
        f"priced with {escape(est.provider.name)}; US dollars, low–high</caption><thead><tr>"
        '<th scope="col">Approach</th><th scope="col">Per month</th>'
        '<th scope="col">One-off</th><th scope="col">First year</th>'
        '<th scope="col">Added latency</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _breakdown(est: CostEstimate) -> str:
    parts = []
    for k in APPROACHES:
        rows = "".join(
            f'<tr><th scope="row">{escape(c.name)}</th><td>{escape(c.kind)}</td>'
            f"<td>{escape(money_range(c.span))}</td></tr>"
            for c in est.breakdown[k]
        )
        parts.append(
            f'<details class="calc-breakdown cost-{k}"><summary>What '
            f"{escape(APPROACH_NAMES[k])} costs, part by part</summary>"
            '<table class="calc-breakdown-table"><thead><tr><th scope="col">Component</th>'
            '<th scope="col">Kind</th><th scope="col">Range</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>"
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


def result_html(answers: Answers, *, link_base: str = "../") -> str:
    rec, est = recommend(answers), estimate_costs(answers)
    return (
        f'<div class="calc-result" data-approach="{rec.approach}">'
        f"{_recommendation(rec, link_base)}{_costs(answers, est, link_base)}</div>"
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
