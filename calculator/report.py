"""The result as data and as text: JSON-ready dicts, a Markdown decision record, CSV, plain text.

Everything here is deterministic (no clocks, no randomness), so the same inputs give the same
bytes in CPython and in Pyodide.
"""

from __future__ import annotations

import csv
import io
import json

from .assumptions import Range, load_assumptions
from .costs import MAX_MODELLED_QUERIES_PER_DAY, CostEstimate, estimate_costs, round_volume
from .decision import APPROACH_NAMES, APPROACHES, Recommendation, recommend
from .inputs import FIELDS, Answers

__all__ = [
    "costs_json",
    "csv_report",
    "full_json",
    "markdown_report",
    "money",
    "recommend_json",
    "section_title",
    "text_report",
]

# Page titles for the guide sections the engine links to (the nav in mkdocs.yml).
PAGE_TITLES = {
    "when-rag-wins": "When RAG wins",
    "when-fine-tuning-wins": "When fine-tuning wins",
    "hybrid": "The hybrid approach",
    "decision-framework": "Decision framework",
    "costs": "Cost considerations",
    "common-mistakes": "Common mistakes",
}


def section_title(section: str) -> str:
    return PAGE_TITLES[section.split("/", 1)[0]]


def money(amount: float) -> str:
    """US dollars as precisely as the ranges justify: two significant figures from $1,000,
    whole dollars from $10, cents below; the same string everywhere."""
    if amount >= 1000:
        return f"${round_volume(amount):,.0f}"
    if amount >= 10:
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def money_range(span: Range) -> str:
    low, high = money(span.low), money(span.high)
    return low if low == high else f"{low}–{high}"


def _round(span: Range) -> dict[str, float]:
    return {"low": round(span.low, 2), "high": round(span.high, 2)}


def recommend_json(answers: Answers, rec: Recommendation | None = None) -> dict[str, object]:
    rec = rec or recommend(answers)
    return {
        "approach": rec.approach,
        "approach_name": APPROACH_NAMES[rec.approach],
        "summary": rec.summary,
        "scores": rec.scores,
        "reasons": [r.as_dict() for r in rec.reasons],
        "constraints": [c.as_dict() for c in rec.constraints],
        "warnings": [w.as_dict() for w in rec.warnings],
        "pivots": [p.as_dict() for p in rec.pivots],
        "held_back": rec.held_back or None,
        "next_steps": list(rec.next_steps),
        "inputs": answers.as_dict(),
    }


def costs_json(answers: Answers, est: CostEstimate | None = None) -> dict[str, object]:
    est = est or estimate_costs(answers)
    crossing = est.break_even_queries_per_day
    per_approach = {
        "monthly": est.monthly,
        "one_off": est.one_off,
        "first_year": est.first_year,
        "latency_ms": est.latency_ms,
    }
    return {
        "currency": "USD",
        "provider": est.provider.id,
        "provider_name": est.provider.name,
        **{key: {k: _round(v) for k, v in spans.items()} for key, spans in per_approach.items()},
        "training": _round(est.training),
        "trained_examples": est.trained_examples,
        "breakdown": {
            k: [{"component": c.name, **_round(c.span), "kind": c.kind} for c in components]
            for k, components in est.breakdown.items()
        },
        "break_even_queries_per_day": crossing,
        "break_even_beyond_range": est.break_even_beyond_range,
        "break_even_text": break_even_sentence(est),
        "cheaper_above_break_even": est.cheaper_above_break_even,
        "negligible_claim": {
            "holds": est.negligible.holds,
            "queries_per_day": est.negligible.queries_per_day,
            "max_monthly_difference": round(est.negligible.max_difference, 2),
            "threshold": est.negligible.threshold,
            "text": est.negligible.text,
        },
        "provider_notes": list(est.provider.notes),
        "inputs": answers.as_dict(),
    }


def full_json(answers: Answers) -> dict[str, object]:
    recommendation = recommend_json(answers)
    del recommendation["inputs"]
    costs = costs_json(answers)
    del costs["inputs"]
    return {"inputs": answers.as_dict(), "recommendation": recommendation, "costs": costs}


def break_even_sentence(est: CostEstimate) -> str:
    cheaper = APPROACH_NAMES.get(est.cheaper_above_break_even or "", "")
    if est.break_even_beyond_range:
        return (
            f"No break-even within the volumes we model (up to {MAX_MODELLED_QUERIES_PER_DAY:,} "
            f"queries a day): the monthly cost lines would cross beyond the range we model, "
            f"where {cheaper} would become the cheaper."
        )
    if est.break_even_queries_per_day is None:
        return (
            "No break-even: at mid-range prices the RAG and fine-tuning monthly cost lines never "
            "cross at a positive volume."
        )
    return (
        f"Break-even at roughly {est.break_even_queries_per_day:,.0f} queries a day "
        f"(mid-range prices, two significant figures): above it, {cheaper} costs less a month."
    )


def _answer_text(name: str, value: str | bool | int) -> str:
    field = next(f for f in FIELDS if f.name == name)
    if field.kind == "bool":
        return "yes" if value else "no"
    if field.kind == "choice":
        return dict(field.choices)[str(value)]
    return f"{int(value):,} {field.unit}".strip()


def markdown_report(answers: Answers, *, link_base: str = "") -> str:
    rec, est = recommend(answers), estimate_costs(answers)
    data = load_assumptions()
    lines = [
        "# Decision record: fine-tuning vs RAG",
        "",
        "**Question.** Should we fine-tune a model, use retrieval-augmented generation, "
        "or combine both?",
        "",
        f"**Recommendation: {APPROACH_NAMES[rec.approach]}.** {rec.summary}",
        "",
        "## Answers",
        "",
        "| Question | Answer |",
        "|---|---|",
    ]
    lines += [f"| {f.label} | {_answer_text(f.name, getattr(answers, f.name))} |" for f in FIELDS]
    lines += ["", "## Reasons", ""]
    lines += [
        f"- **{APPROACH_NAMES[r.favors]} +{r.weight}.** {r.text} "
        f"([{section_title(r.section)}]({link_base}{r.section}))"
        for r in rec.reasons
    ]
    if rec.constraints or rec.warnings:
        lines += ["", "## Constraints and warnings", ""]
        lines += [
            f"- {w.text} ([{section_title(w.section)}]({link_base}{w.section}))"
            for w in (*rec.constraints, *rec.warnings)
        ]
    if rec.pivots:
        lines += ["", "## What would change it", ""]
        lines += [f"- {p.text}" for p in rec.pivots]
    if rec.next_steps:
        lines += ["", "## Next steps", ""] + [f"- {step}" for step in rec.next_steps]
    lines += ["", *cost_markdown(est)]
    lines += [
        "",
        "## Assumptions",
        "",
        "| Figure | Value | Unit | Source | As of |",
        "|---|---|---|---|---|",
    ]
    figures = [*data.figures.values(), *(f for _, f in est.provider.figures())]
    for figure in figures:
        value = (
            f"{figure.range.low:g}–{figure.range.high:g}"
            if figure.is_range
            else f"{figure.range.low:g}"
        )
        lines.append(
            f"| {figure.label} | {value} | {figure.unit} | "
            f"{data.source_text(figure)} | {figure.as_of} |"
        )
    return "\n".join(lines) + "\n"


def cost_markdown(est: CostEstimate) -> list[str]:
    """The costs part of a Markdown record: totals, latency, breakdown, break-even."""
    lines = [
        f"## Costs (US dollars, priced with {est.provider.name})",
        "",
        "| Approach | Monthly | One-off | First year | Added latency |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {APPROACH_NAMES[k]} | {money_range(est.monthly[k])} | {money_range(est.one_off[k])} "
        f"| {money_range(est.first_year[k])} | {latency_range(est.latency_ms[k])} |"
        for k in APPROACHES
    ]
    lines += [
        "",
        f"One training run: {money_range(est.training)} for {est.trained_examples:,} examples.",
        "",
        break_even_sentence(est),
        "",
        est.negligible.text,
    ]
    for k in APPROACHES:
        lines += ["", f"### What {APPROACH_NAMES[k]} costs", "", "| Component | Kind | Range |"]
        lines += ["|---|---|---:|"]
        lines += [f"| {c.name} | {c.kind} | {money_range(c.span)} |" for c in est.breakdown[k]]
    if est.provider.notes:
        lines += ["", "Provider notes:", ""] + [f"- {note}" for note in est.provider.notes]
    return lines


def latency_range(span: Range) -> str:
    if span.high == 0:
        return "none"
    return f"+{span.low:,.0f}–{span.high:,.0f} ms"


def csv_report(answers: Answers) -> str:
    rec, est = recommend(answers), estimate_costs(answers)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["category", "name", "value", "low", "high", "detail"])
    for field in FIELDS:
        value = getattr(answers, field.name)
        shown = str(value).lower() if isinstance(value, bool) else value
        writer.writerow(["input", field.name, shown, "", "", field.unit])
    writer.writerow(["recommendation", "approach", rec.approach, "", "", rec.summary])
    for reason in rec.reasons:
        writer.writerow(["reason", reason.field, reason.favors, reason.weight, "", reason.text])
    for warning in (*rec.constraints, *rec.warnings):
        writer.writerow([warning.kind, "", "", "", "", warning.text])
    for approach in APPROACHES:
        span = est.monthly[approach]
        writer.writerow(
            ["monthly_cost_usd", approach, "", f"{span.low:.2f}", f"{span.high:.2f}", ""]
        )
    for label, spans in (
        ("one_off_cost_usd", est.one_off),
        ("first_year_cost_usd", est.first_year),
    ):
        for approach in APPROACHES:
            span = spans[approach]
            writer.writerow([label, approach, "", f"{span.low:.2f}", f"{span.high:.2f}", ""])
    writer.writerow(
        [
            "training_cost_usd",
            "one-off",
            "",
            f"{est.training.low:.2f}",
            f"{est.training.high:.2f}",
            "",
        ]
    )
    crossing = est.break_even_queries_per_day
    writer.writerow(
        [
            "break_even",
            "queries_per_day",
            "" if crossing is None else f"{crossing:.0f}",
            "",
            "",
            break_even_sentence(est),
        ]
    )
    return out.getvalue()


def text_report(answers: Answers, command: str) -> str:
    """Plain text for the terminal."""
    lines: list[str] = []
    if command in ("recommend", "report"):
        rec = recommend(answers)
        lines += [f"Recommendation: {APPROACH_NAMES[rec.approach]}. {rec.summary}", "", "Reasons:"]
        lines += [f"  [{APPROACH_NAMES[r.favors]} +{r.weight}] {r.text}" for r in rec.reasons]
        if rec.constraints or rec.warnings:
            lines += ["", "Constraints and warnings:"]
            lines += [f"  - {w.text}" for w in (*rec.constraints, *rec.warnings)]
        if rec.pivots:
            lines += ["", "What would change it:"] + [f"  - {p.text}" for p in rec.pivots]
        if rec.next_steps:
            lines += ["", "Next steps:"] + [f"  - {step}" for step in rec.next_steps]
    if command in ("costs", "report"):
        est = estimate_costs(answers)
        if lines:
            lines.append("")
        lines += [f"Costs in USD, priced with {est.provider.name}:"]
        lines += [
            f"  {APPROACH_NAMES[k]:<28} {money_range(est.monthly[k])} a month, "
            f"{money_range(est.one_off[k])} one-off, {money_range(est.first_year[k])} in the "
            f"first year; latency {latency_range(est.latency_ms[k])}"
            for k in APPROACHES
        ]
        lines += [
            f"  {'One training run':<28} {money_range(est.training)}",
            "",
            break_even_sentence(est),
            est.negligible.text,
        ]
    return "\n".join(lines) + "\n"


def to_json(payload: object) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
