"""Costs as low/high ranges: monthly totals per approach, training, and the break-even volume.

Model (all figures from data/assumptions.toml; low uses every low end, high every high end):
  plain inference  = queries/month x tokens/query x blended base price
  RAG              = plain inference x RAG token multiplier + embeddings + vector store
  fine-tuning      = plain inference x fine-tuned premium + retraining + hosting
  hybrid           = plain inference x multiplier x premium + embeddings + vector store
                     + retraining at the "rarely" rate (knowledge lives in retrieval) + hosting
  training (once)  = examples x tokens/example x epochs x training price, per domain model
"""

from __future__ import annotations

from dataclasses import dataclass

from .assumptions import Assumptions, Range, load_assumptions
from .decision import FINE_TUNING, HYBRID, RAG
from .inputs import Answers

__all__ = [
    "CostEstimate",
    "CostLine",
    "NegligibleCheck",
    "cost_lines",
    "estimate_costs",
    "monthly_cost_at",
]

MILLION = 1_000_000
HOURS_PER_DAY = 24


@dataclass(frozen=True, kw_only=True, slots=True)
class NegligibleCheck:
    """The guide's claim that below ~10,000 queries/day the cost difference is negligible."""

    holds: bool
    queries_per_day: int
    max_difference: float  # the largest plausible monthly gap between RAG and fine-tuning
    threshold: float
    text: str


@dataclass(frozen=True, kw_only=True, slots=True)
class CostEstimate:
    monthly: dict[str, Range]
    breakdown: dict[str, dict[str, Range]]  # approach -> component -> range
    training: Range
    break_even_queries_per_day: float | None
    cheaper_above_break_even: str | None
    negligible: NegligibleCheck


def _blended_price(a: Answers, data: Assumptions) -> float:
    share = data.value("input_token_share")
    tier = a.model_tier
    return share * data.value(f"{tier}_model_input_price") + (1 - share) * data.value(
        f"{tier}_model_output_price"
    )


def _components(
    a: Answers, queries_per_day: float, data: Assumptions
) -> dict[str, dict[str, Range]]:
    days = data.value("days_per_month")
    queries = queries_per_day * days
    plain = Range(low=1, high=1).scale(
        queries * a.tokens_per_query * _blended_price(a, data) / MILLION
    )
    multiplier, premium = data["rag_token_multiplier"], data["fine_tuned_inference_premium"]
    update_rate = data.value(f"retrains_per_month_{a.knowledge_updates}")
    embedded_tokens = (
        queries * data.value("query_embedding_tokens") + a.document_tokens * update_rate
    )
    embeddings = Range(low=1, high=1).scale(
        embedded_tokens * data.value("embedding_price") / MILLION
    )
    training = training_cost(a, data)
    hosting = (
        data["dedicated_hosting_hourly"].scale(HOURS_PER_DAY * days * a.domain_count)
        if a.fine_tune_hosting == "dedicated"
        else Range(low=0, high=0)
    )
    vector_store = data["vector_store_monthly"]
    return {
        RAG: {
            "inference": plain * multiplier,
            "embeddings": embeddings,
            "vector_store": vector_store,
        },
        FINE_TUNING: {
            "inference": plain * premium,
            "retraining": training.scale(update_rate),
            "hosting": hosting,
        },
        HYBRID: {
            "inference": plain * multiplier * premium,
            "embeddings": embeddings,
            "vector_store": vector_store,
            "retraining": training.scale(data.value("retrains_per_month_rarely")),
            "hosting": hosting,
        },
    }


def training_cost(a: Answers, data: Assumptions | None = None) -> Range:
    data = data or load_assumptions()
    tokens = (
        a.training_examples
        * data.value("tokens_per_training_example")
        * data.value("training_epochs")
        * a.domain_count
    )
    price = data["training_price"] if a.model_tier == "small" else data["flagship_training_price"]
    return price.scale(tokens / MILLION)


def _total(parts: dict[str, Range]) -> Range:
    total = Range(low=0, high=0)
    for part in parts.values():
        total = total + part
    return total


def monthly_cost_at(a: Answers, queries_per_day: float) -> dict[str, Range]:
    """Monthly totals per approach at another query volume (the chart's x axis)."""
    parts = _components(a, queries_per_day, load_assumptions())
    return {approach: _total(p) for approach, p in parts.items()}


@dataclass(frozen=True, slots=True)
class CostLine:
    """One approach's monthly cost as a straight line in queries a day (the model above is
    linear in volume), so the chart can draw 50 points for the price of two evaluations."""

    fixed: Range
    per_query: Range

    def at(self, queries_per_day: float) -> Range:
        return self.fixed + self.per_query.scale(queries_per_day)


# Volume the slope is read at: at 1 query a day the per-query cost is a few millionths of the
# fixed cost, and subtracting the two would lose half of its digits to rounding.
_SLOPE_READ_AT_QUERIES_PER_DAY = 1_000_000


def cost_lines(a: Answers) -> dict[str, CostLine]:
    """Each approach's cost line, read off the model at 0 and at a high volume."""
    volume = _SLOPE_READ_AT_QUERIES_PER_DAY
    at_zero, at_volume = monthly_cost_at(a, 0), monthly_cost_at(a, volume)
    return {
        k: CostLine(
            fixed=at_zero[k],
            per_query=Range(
                low=(at_volume[k].low - at_zero[k].low) / volume,
                high=(at_volume[k].high - at_zero[k].high) / volume,
            ),
        )
        for k in at_zero
    }


def _break_even(a: Answers) -> tuple[float | None, str | None]:
    """Where the central (mid-range) RAG and fine-tuning lines cross; None if they never do."""
    lines = cost_lines(a)
    fixed = {k: lines[k].fixed.mid for k in (RAG, FINE_TUNING)}
    per_query = {k: lines[k].per_query.mid for k in (RAG, FINE_TUNING)}
    slope_gap = per_query[RAG] - per_query[FINE_TUNING]
    if abs(slope_gap) < 1e-12:
        return None, None
    crossing = (fixed[FINE_TUNING] - fixed[RAG]) / slope_gap
    if crossing <= 0:
        return None, None
    return crossing, FINE_TUNING if slope_gap > 0 else RAG


def _negligible(a: Answers, data: Assumptions) -> NegligibleCheck:
    volume = int(data.value("negligible_below_queries_per_day"))
    threshold = data.value("negligible_monthly_difference")
    at_volume = monthly_cost_at(a, volume)
    rag, tuned = at_volume[RAG], at_volume[FINE_TUNING]
    gap = max(rag.high - tuned.low, tuned.high - rag.low, 0.0)
    holds = gap <= threshold
    verdict = "holds" if holds else "does not hold"
    text = (
        f"At {volume:,} queries a day with your other answers, RAG and fine-tuning could "
        f"differ by up to ${gap:,.0f} a month, so the guide's claim that the difference is "
        f"negligible below {volume:,} queries a day {verdict} here "
        f"(we call under ${threshold:,.0f} a month negligible)."
    )
    return NegligibleCheck(
        holds=holds, queries_per_day=volume, max_difference=gap, threshold=threshold, text=text
    )


def estimate_costs(answers: Answers) -> CostEstimate:
    data = load_assumptions()
    breakdown = _components(answers, answers.queries_per_day, data)
    crossing, cheaper = _break_even(answers)
    return CostEstimate(
        monthly={approach: _total(parts) for approach, parts in breakdown.items()},
        breakdown=breakdown,
        training=training_cost(answers, data),
        break_even_queries_per_day=crossing,
        cheaper_above_break_even=cheaper,
        negligible=_negligible(answers, data),
    )
