"""Costs as low/high ranges: monthly and one-off components per approach, first-year totals,
the break-even volume and the latency retrieval adds.

The model (figures from data/assumptions.toml and the chosen provider in data/providers.toml;
the low end uses every low figure, the high end every high one):

  per-token inference   queries x tokens x blended base price; RAG adds the retrieved context
                        (chunks x chunk size) as input tokens. A fine-tuned model is billed by
                        its provider's kind: base-price (x1), premium (x multiplier), hourly
                        (base price + an hourly fee per deployed model), provisioned (a model
                        unit per hour, no token charge) or self-hosted (GPU hours).
  retrieval             query and collection embeddings, a vector store (minimum + storage +
                        reads at the high end; a store you already run at the low end).
  people                build, evaluation and upkeep hours x your hourly rate; producing the
                        training examples (a vendor's price, your experts' hours, or nothing).
  training              examples x tokens x epochs at the provider's training price, never fewer
                        examples than fine-tuning needs; retrained on a stated cadence.

Every monthly component is linear in queries a day, so the chart and the break-even can use
straight lines (`cost_lines`); a property test keeps it so.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

from .assumptions import Assumptions, Range, load_assumptions
from .decision import FINE_TUNING, HYBRID, RAG, min_training_examples
from .inputs import FIELDS_BY_NAME, Answers
from .providers import Provider, Tier, resolve_provider

__all__ = [
    "Component",
    "CostEstimate",
    "CostLine",
    "NegligibleCheck",
    "cost_lines",
    "estimate_costs",
    "monthly_cost_at",
    "round_volume",
    "without_volume",
]

MILLION = 1_000_000
HOURS_PER_MONTH = 24 * 30
SECONDS_PER_HOUR = 3600
ZERO = Range(low=0, high=0)
MAX_MODELLED_QUERIES_PER_DAY = FIELDS_BY_NAME["queries_per_day"].maximum


@dataclass(frozen=True, kw_only=True, slots=True)
class Component:
    name: str  # shown to the reader, e.g. "Inference (tokens)"
    span: Range
    kind: str  # "monthly" or "one-off"

    def as_dict(self) -> dict[str, object]:
        return {
            "component": self.name,
            "low": self.span.low,
            "high": self.span.high,
            "kind": self.kind,
        }


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
    provider: Provider
    monthly: dict[str, Range]
    one_off: dict[str, Range]
    first_year: dict[str, Range]
    breakdown: dict[str, tuple[Component, ...]]
    training: Range  # one training run (the first), priced for the examples fine-tuning needs
    trained_examples: int
    latency_ms: dict[str, Range]
    break_even_queries_per_day: float | None  # rounded to what the ranges justify
    break_even_beyond_range: bool  # the lines cross, but above the volumes we model
    cheaper_above_break_even: str | None
    negligible: NegligibleCheck


def _sum(spans: list[Range]) -> Range:
    total = ZERO
    for span in spans:
        total = total + span
    return total


def _fixed(value: float) -> Range:
    return Range(low=value, high=value)


@dataclass(frozen=True, slots=True)
class _Context:
    """Everything the components need, read once per estimate."""

    a: Answers
    data: Assumptions
    provider: Provider
    tier: Tier

    def value(self, key: str) -> float:
        return self.data.value(key)

    @property
    def per_token_gpu(self) -> Range:
        """Self-hosted: USD per token at the replica's throughput (low cost = high throughput)."""
        gpu = self.tier["gpu_hourly"].scale(self.tier["gpus"].low / SECONDS_PER_HOUR)
        throughput = self.tier["throughput"]
        return Range(low=gpu.low / throughput.high, high=gpu.high / throughput.low)

    @property
    def replica_monthly(self) -> Range:
        """Self-hosted: one always-on replica (LoRA adapters share the base model's GPUs)."""
        return self.tier["gpu_hourly"].scale(self.tier["gpus"].low * HOURS_PER_MONTH)


def _blended(ctx: _Context) -> Range:
    """USD per plain-query token, input and output prices blended by the input share."""
    share = ctx.value("input_token_share")
    return ctx.tier["input_price"].scale(share / MILLION) + ctx.tier["output_price"].scale(
        (1 - share) / MILLION
    )


def _context_tokens(a: Answers) -> int:
    return a.retrieved_chunks * a.chunk_tokens


def _base_inference(ctx: _Context, queries: float, with_context: bool) -> Range:
    """Tokens through the base model (or the self-hosted GPUs' marginal hours)."""
    extra = _context_tokens(ctx.a) if with_context else 0
    if ctx.provider.fine_tuned_serving == "self-hosted":
        return ctx.per_token_gpu.scale(queries * (ctx.a.tokens_per_query + extra))
    plain = _blended(ctx).scale(queries * ctx.a.tokens_per_query)
    return plain + ctx.tier["input_price"].scale(queries * extra / MILLION)


def _tuned_inference(ctx: _Context, queries: float, with_context: bool) -> list[Component]:
    """A fine-tuned model's serving, by its provider's billing kind (nothing counted twice)."""
    base = _base_inference(ctx, queries, with_context)
    serving = ctx.provider.fine_tuned_serving
    models = ctx.a.domain_count
    dedicated = ctx.a.fine_tune_hosting == "dedicated" and ctx.tier.has("dedicated_hourly")
    if serving in ("base-price", "premium") and dedicated:
        hourly = ctx.tier["dedicated_hourly"].scale(HOURS_PER_MONTH * models)
        return [_monthly("Dedicated deployment (hourly, always on)", hourly)]
    if serving == "base-price":
        return [_monthly("Inference (tokens, base-model price)", base)]
    if serving == "premium":
        return [
            _monthly(
                "Inference (tokens, fine-tuned price)", base * ctx.tier["fine_tuned_multiplier"]
            )
        ]
    if serving == "hourly":
        hourly = ctx.tier["hosting_hourly"].scale(HOURS_PER_MONTH * models)
        return [
            _monthly("Inference (tokens, base-model price)", base),
            _monthly("Hosting fee per deployed model (hourly)", hourly),
        ]
    if serving == "provisioned":
        units = ctx.tier["provisioned_hourly"].scale(HOURS_PER_MONTH * models)
        return [_monthly("Provisioned throughput (one model unit per model, hourly)", units)]
    return [_monthly("GPU time for the tokens (self-hosted)", base)]


def _monthly(name: str, span: Range) -> Component:
    return Component(name=name, span=span, kind="monthly")


def _one_off(name: str, span: Range) -> Component:
    return Component(name=name, span=span, kind="one-off")


def trained_examples(a: Answers) -> int:
    """Fine-tuning is priced for the examples it needs, never for too few to work."""
    return max(a.training_examples, min_training_examples())


def _training_run(ctx: _Context) -> Range:
    tokens = (
        trained_examples(ctx.a)
        * ctx.value("tokens_per_training_example")
        * ctx.value("training_epochs")
        * ctx.a.domain_count
    )
    if ctx.provider.fine_tuned_serving == "self-hosted":
        gpu_hour = ctx.tier["gpu_hourly"].scale(ctx.tier["gpus"].low)
        speed = ctx.tier["training_throughput"]
        return Range(
            low=tokens / speed.high / SECONDS_PER_HOUR * gpu_hour.low,
            high=tokens / speed.low / SECONDS_PER_HOUR * gpu_hour.high,
        )
    return ctx.tier["training_price"].scale(tokens / MILLION)


def _example_preparation(ctx: _Context) -> Range:
    examples = trained_examples(ctx.a)
    if ctx.a.example_source == "have":
        # Only the examples still missing below the minimum have to be produced.
        examples = max(0, min_training_examples() - ctx.a.training_examples)
    if ctx.a.example_source == "experts":
        per_hour = ctx.data["expert_examples_per_hour"]
        rate = ctx.a.engineer_hourly_rate
        return Range(low=examples / per_hour.high * rate, high=examples / per_hour.low * rate)
    return ctx.data["vendor_cost_per_example"].scale(examples)


def _hours(ctx: _Context, key: str) -> Range:
    return ctx.data[key].scale(ctx.a.engineer_hourly_rate)


def _retrieval(ctx: _Context, queries: float) -> list[Component]:
    a = ctx.a
    embed_price = ctx.provider.embedding_price.range.scale(1 / MILLION)
    reindex = ctx.value(f"reindexes_per_month_{a.knowledge_updates}")
    embedded = queries * ctx.value("query_embedding_tokens") + a.document_tokens * reindex
    if ctx.provider.self_hosted:
        store = ZERO  # a local index on the same servers
    else:
        chunks = a.document_tokens / a.chunk_tokens
        storage_gb = chunks * ctx.value("bytes_per_chunk") / 1e9
        managed = (
            ctx.value("vector_store_minimum")
            + storage_gb * ctx.value("vector_store_storage_price")
            + queries
            * ctx.value("read_units_per_query")
            * ctx.value("vector_store_read_price")
            / MILLION
        )
        # Low end: a store you already run; high end: a managed plan. The minimum is counted
        # in full on top of usage (it is credited against usage; this keeps costs linear, and
        # overstates the high end by at most the minimum).
        store = Range(low=0, high=managed)
    return [
        _monthly("Embeddings (questions and re-indexing)", embed_price.scale(embedded)),
        _monthly("Vector store", store),
    ]


def _components(ctx: _Context, queries_per_day: float) -> dict[str, list[Component]]:
    queries = queries_per_day * ctx.value("days_per_month")
    self_hosted = ctx.provider.fine_tuned_serving == "self-hosted"
    servers = (
        [_monthly("GPU servers (one always-on replica)", ctx.replica_monthly)]
        if (self_hosted)
        else []
    )
    run = _training_run(ctx)
    cadence = (
        ctx.value("retrains_per_month_rarely")
        if ctx.a.knowledge_updates == "rarely"
        else ctx.value("retrains_per_month_changing")
    )
    upkeep_rag = _monthly("Engineering upkeep (RAG)", _hours(ctx, "maintenance_hours_rag"))
    upkeep_ft = _monthly(
        "Engineering upkeep (fine-tuned model)", _hours(ctx, "maintenance_hours_fine_tuning")
    )
    tuning_one_off = [
        _one_off("Training examples", _example_preparation(ctx)),
        _one_off("First training run", run),
        _one_off("Fine-tuning pipeline (engineering)", _hours(ctx, "build_hours_fine_tuning")),
    ]
    rag_one_off = [
        _one_off("RAG pipeline (engineering)", _hours(ctx, "build_hours_rag")),
        _one_off(
            "Embedding the collection once",
            ctx.provider.embedding_price.range.scale(ctx.a.document_tokens / MILLION),
        ),
    ]
    evaluation = _one_off("Evaluation set and measurement", _hours(ctx, "evaluation_hours"))
    return {
        RAG: [
            *servers,
            _monthly(
                "Inference (tokens, with retrieved context)", _base_inference(ctx, queries, True)
            ),
            *_retrieval(ctx, queries),
            upkeep_rag,
            *rag_one_off,
            evaluation,
        ],
        FINE_TUNING: [
            *servers,
            *_tuned_inference(ctx, queries, False),
            _monthly("Retraining runs", run.scale(cadence)),
            upkeep_ft,
            *tuning_one_off,
            evaluation,
        ],
        HYBRID: [
            *servers,
            *_tuned_inference(ctx, queries, True),
            *_retrieval(ctx, queries),
            _monthly("Retraining runs", run.scale(ctx.value("retrains_per_month_hybrid"))),
            upkeep_rag,
            upkeep_ft,
            *rag_one_off,
            *tuning_one_off,
            evaluation,
        ],
    }


def _context(a: Answers) -> _Context:
    provider = resolve_provider(a.provider, a.deployment)
    return _Context(a, load_assumptions(), provider, provider.tier(a.model_tier))


def _totals(parts: dict[str, list[Component]], kind: str) -> dict[str, Range]:
    return {k: _sum([c.span for c in v if c.kind == kind]) for k, v in parts.items()}


def monthly_cost_at(a: Answers, queries_per_day: float) -> dict[str, Range]:
    """Monthly totals per approach at another query volume (the chart's x axis)."""
    return _totals(_components(_context(a), queries_per_day), "monthly")


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
_DEFAULT_QUERIES_PER_DAY = int(FIELDS_BY_NAME["queries_per_day"].default)


def without_volume(a: Answers) -> Answers:
    """`a` with queries per day at its default: the cache key for what holds at every volume
    (the cost lines and what is worked out from them), so typing a volume reuses them."""
    return dataclasses.replace(a, queries_per_day=_DEFAULT_QUERIES_PER_DAY)


def cost_lines(a: Answers) -> dict[str, CostLine]:
    """Each approach's cost line, read off the model at 0 and at a high volume."""
    return dict(_cost_lines(without_volume(a)))  # a copy: the cached dict stays as it was


# Cached because one result reads the lines three times (break-even, chart, table) and the next
# keystroke, usually a new volume, reads the same lines again. Bounded; entries are small.
@lru_cache(maxsize=32)
def _cost_lines(a: Answers) -> dict[str, CostLine]:
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


def round_volume(volume: float) -> float:
    """Two significant figures: the ranges behind a break-even (or a large sum) justify no
    more."""
    if volume <= 0:
        return 0.0
    digits = math.floor(math.log10(volume)) - 1
    return float(round(volume / 10**digits) * 10**digits)


def _break_even(a: Answers) -> tuple[float | None, bool, str | None]:
    """Where the central (mid-range) RAG and fine-tuning lines cross.

    Returns (rounded volume or None, beyond the modelled range, cheaper above it)."""
    lines = cost_lines(a)
    fixed = {k: lines[k].fixed.mid for k in (RAG, FINE_TUNING)}
    per_query = {k: lines[k].per_query.mid for k in (RAG, FINE_TUNING)}
    slope_gap = per_query[RAG] - per_query[FINE_TUNING]
    if abs(slope_gap) < 1e-15:
        return None, False, None
    crossing = (fixed[FINE_TUNING] - fixed[RAG]) / slope_gap
    if crossing <= 0:
        return None, False, None
    cheaper = FINE_TUNING if slope_gap > 0 else RAG
    if crossing > MAX_MODELLED_QUERIES_PER_DAY:
        return None, True, cheaper
    return round_volume(crossing), False, cheaper


def _negligible(a: Answers) -> NegligibleCheck:
    return _negligible_at_any_volume(without_volume(a))


# Cached with the cost lines, for the same reason: it is worked out at a fixed volume.
@lru_cache(maxsize=32)
def _negligible_at_any_volume(a: Answers) -> NegligibleCheck:
    data = load_assumptions()
    volume = int(data.value("negligible_below_queries_per_day"))
    threshold = data.value("negligible_monthly_difference")
    at_volume = monthly_cost_at(a, volume)
    rag, tuned = at_volume[RAG], at_volume[FINE_TUNING]
    # Compare like with like: each end of one range against the same end of the other, so the
    # uncertainty both approaches share (people, prices) does not count as a difference.
    gap = max(abs(rag.low - tuned.low), abs(rag.high - tuned.high))
    holds = gap <= threshold
    verdict = "holds" if holds else "does not hold"
    text = (
        f"At {volume:,} queries a day with your other answers, RAG and fine-tuning could "
        f"differ by up to ${round_volume(gap):,.0f} a month, so the guide's claim that the "
        f"difference is negligible below {volume:,} queries a day {verdict} here "
        f"(we call under ${threshold:,.0f} a month negligible)."
    )
    return NegligibleCheck(
        holds=holds, queries_per_day=volume, max_difference=gap, threshold=threshold, text=text
    )


def _latency(ctx: _Context) -> dict[str, Range]:
    """Milliseconds retrieval adds before the first token; a fine-tuned model adds none."""
    data = ctx.data
    embedding = data[
        "latency_query_embedding_local"
        if ctx.provider.self_hosted
        else "latency_query_embedding_hosted"
    ]
    prompt = data["latency_per_prompt_token"].scale(_context_tokens(ctx.a))
    added = _sum([embedding, data["latency_vector_search"], data["latency_reranking"], prompt])
    return {RAG: added, FINE_TUNING: ZERO, HYBRID: added}


def estimate_costs(answers: Answers) -> CostEstimate:
    ctx = _context(answers)
    parts = _components(ctx, answers.queries_per_day)
    monthly, one_off = _totals(parts, "monthly"), _totals(parts, "one-off")
    crossing, beyond, cheaper = _break_even(answers)
    return CostEstimate(
        provider=ctx.provider,
        monthly=monthly,
        one_off=one_off,
        first_year={k: one_off[k] + monthly[k].scale(12) for k in monthly},
        breakdown={k: tuple(v) for k, v in parts.items()},
        training=_training_run(ctx),
        trained_examples=trained_examples(answers),
        latency_ms=_latency(ctx),
        break_even_queries_per_day=crossing,
        break_even_beyond_range=beyond,
        cheaper_above_break_even=cheaper,
        negligible=_negligible(answers),
    )
