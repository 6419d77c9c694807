"""The result as data and as text: JSON-ready dicts, a Markdown decision record, CSV, plain text.

Everything here is deterministic (no clocks, no randomness), so the same inputs give the same
bytes in CPython and in Pyodide.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from importlib import resources
from urllib.parse import urlencode

from .assumptions import Range, load_assumptions
from .costs import MAX_MODELLED_QUERIES_PER_DAY, CostEstimate, estimate_costs, round_volume
from .decision import APPROACH_NAMES, APPROACHES, Recommendation, recommend
from .inputs import FIELDS, Answers, text_value
from .providers import load_providers

__all__ = [
    "answer_text",
    "answers_query",
    "assumptions_version",
    "cost_markdown",
    "costs_json",
    "csv_report",
    "full_json",
    "markdown_report",
    "money",
    "quantity",
    "recommend_json",
    "recommendation_markdown",
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


# Units whose singular is not the plural minus "s" (the rest: "1 domain", "1 example").
_SINGULAR_UNITS = {"queries/day": "query/day"}


def quantity(number: int, unit: str) -> str:
    """A count with its unit, singular when 1: "1 domain", "2 domains", "1 query/day"."""
    if number == 1:
        unit = _SINGULAR_UNITS.get(unit, unit.removesuffix("s") if unit.endswith("s") else unit)
    return f"{number:,} {unit}".strip()


def answer_text(name: str, value: str | bool | int) -> str:
    """One answer as a person reads it: yes/no, a choice's label, or a count with its unit."""
    field = next(f for f in FIELDS if f.name == name)
    if field.kind == "bool":
        return "yes" if value else "no"
    if field.kind == "choice":
        return dict(field.choices)[str(value)]
    return quantity(int(value), field.unit)


def answers_query(answers: Answers) -> str:
    """The query string the calculator page writes for these answers: only what differs from
    the defaults, in form order. Shared links, presets and the record's link all use it."""
    changed = {
        f.name: text_value(getattr(answers, f.name))
        for f in FIELDS
        if getattr(answers, f.name) != f.default
    }
    return urlencode(changed)


DATA_FILES = ("data/assumptions.toml", "data/providers.toml")


def assumptions_version() -> str:
    """The default figures' version: their newest "as of" date and a short hash of the data
    files, so two records made with different figures can be told apart."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(resources.files("calculator").joinpath(name).read_bytes())
    dates = [f.as_of for f in load_assumptions().figures.values()]
    for provider in load_providers():
        dates += [provider.as_of, *(f.as_of for _, f in provider.figures())]
    return f"{max(dates)} (data {digest.hexdigest()[:12]})"


def _guide_link(section: str, link_base: str) -> str:
    """A link into the guide: absolute when we know where the site is, plain words if not."""
    if not link_base:
        return f"(guide: {section_title(section)}, `{section}`)"
    return f"([{section_title(section)}]({link_base}{section}))"


_FILL_IN = "_(to fill in)_"
DATE_MESSAGE = "Give the date as YYYY-MM-DD, e.g. 2026-11-25."


def valid_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (nothing else goes into a record)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def record_header(answers: Answers, *, date: str, page_url: str, version: str) -> list[str]:
    """The part of a record a team files it by: dates, version, reproducing link, owner."""
    if page_url:
        query = answers_query(answers)
        link = page_url + (f"?{query}" if query else "")
        reproduce = f"<{link}>"
    else:
        reproduce = (
            "no site URL was given (use --site-url or SITE_URL), so there is no link; the "
            "answers below reproduce it"
        )
    return [
        "| Field | Value |",
        "|---|---|",
        f"| Date | {date or 'not given'} |",
        f"| Status | {_FILL_IN} (proposed, accepted, rejected or superseded) |",
        f"| Owner | {_FILL_IN} |",
        f"| Decision date | {_FILL_IN} |",
        f"| Assumptions version | {version} |",
        f"| Reproduce | {reproduce} |",
    ]


def recommendation_markdown(rec: Recommendation, *, link_base: str = "") -> list[str]:
    """The recommendation part of a Markdown record: verdict, reasons, warnings, next steps."""
    lines = [f"**Recommendation: {APPROACH_NAMES[rec.approach]}.** {rec.summary}"]
    lines += ["", "## Reasons", ""]
    lines += [
        f"- **{APPROACH_NAMES[r.favors]} +{r.weight}.** {r.text} "
        f"{_guide_link(r.section, link_base)}"
        for r in rec.reasons
    ]
    if rec.constraints or rec.warnings:
        lines += ["", "## Constraints and warnings", ""]
        lines += [
            f"- {w.text} {_guide_link(w.section, link_base)}"
            for w in (*rec.constraints, *rec.warnings)
        ]
    if rec.pivots:
        lines += ["", "## What would change it", ""]
        lines += [f"- {p.text}" for p in rec.pivots]
    if rec.next_steps:
        lines += ["", "## Next steps", ""] + [f"- {step}" for step in rec.next_steps]
    return lines


def markdown_report(
    answers: Answers, *, link_base: str = "", date: str = "", page_url: str = ""
) -> str:
    """The decision record: header to file it by, answers, reasons, costs and the figures used.

    `link_base` is the site's absolute root for guide links ("" writes them as plain words);
    `page_url` the calculator page's absolute address for the reproducing link ("" says none
    was given); `date` is YYYY-MM-DD, passed in so the record stays deterministic."""
    rec, est = recommend(answers), estimate_costs(answers)
    data = load_assumptions()
    lines = [
        "# Decision record: fine-tuning vs RAG",
        "",
        *record_header(answers, date=date, page_url=page_url, version=assumptions_version()),
        "",
        "**Question.** Should we fine-tune a model, use retrieval-augmented generation, "
        "or combine both?",
        "",
        *recommendation_markdown(rec, link_base=link_base),
        "",
        "## Answers",
        "",
        "| Question | Answer |",
        "|---|---|",
    ]
    lines += [f"| {f.label} | {answer_text(f.name, getattr(answers, f.name))} |" for f in FIELDS]
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
        f"One training run: {money_range(est.training)} for "
        f"{quantity(est.trained_examples, 'examples')}.",
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
