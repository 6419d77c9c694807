"""The cost model: the guide's figures under `guide`, published figures per provider, the full
cost of ownership, and honest rounding of the break-even."""

from __future__ import annotations

import pytest

from calculator import estimate_costs, load_assumptions, parse_answers
from calculator.costs import Component, monthly_cost_at, round_volume
from calculator.providers import provider_by_id
from calculator.report import break_even_sentence

HOURS_PER_MONTH = 24 * 30


def _component(components: tuple[Component, ...], prefix: str) -> Component:
    [found] = [c for c in components if c.name.startswith(prefix)]
    return found


def _plain_tokens_cost(
    pid: str, tier: str, queries_per_day: int, tokens: int
) -> tuple[float, float]:
    """USD a month for plain queries at the provider's base prices (input/output blended)."""
    share = load_assumptions().value("input_token_share")
    prices = provider_by_id(pid).tier(tier)
    price = share * prices["input_price"].low + (1 - share) * prices["output_price"].low
    cost = queries_per_day * 30 * tokens * price / 1_000_000
    return cost, cost


# --- The guide's own figures --------------------------------------------------------------------


def test_guide_worked_example_100k_examples_costs_500_to_2000_to_train() -> None:
    guide = load_assumptions()["guide_training_example_cost"]
    est = estimate_costs(parse_answers({"training_examples": 100_000, "provider": "guide"}))
    assert guide.low <= est.training.low <= est.training.high <= guide.high
    assert (600.0, 1600.0) == (round(est.training.low, 2), round(est.training.high, 2))


def test_the_guides_training_price_is_3_to_8_dollars_per_million() -> None:
    span = provider_by_id("guide").tier("small")["training_price"]
    assert (3.0, 8.0) == (span.low, span.high)


def test_under_the_guide_a_fine_tuned_model_costs_2_to_4_times_its_base_model() -> None:
    answers = parse_answers({"queries_per_day": 10_000, "provider": "guide"})
    plain_low, plain_high = _plain_tokens_cost("guide", "small", 10_000, 1000)
    tuned = _component(estimate_costs(answers).breakdown["fine-tuning"], "Inference")
    assert pytest.approx(plain_low * 2) == tuned.span.low
    assert pytest.approx(plain_high * 4) == tuned.span.high


def test_default_retrieved_context_lands_inside_the_guides_2_to_4x_tokens() -> None:
    answers = parse_answers({})
    multiple = (answers.tokens_per_query + answers.retrieved_chunks * answers.chunk_tokens) / (
        answers.tokens_per_query
    )
    guide = load_assumptions()["rag_token_multiplier"]
    assert guide.low <= multiple <= guide.high


def test_rag_inference_counts_the_retrieved_chunks_as_input_tokens() -> None:
    few = parse_answers({"retrieved_chunks": 2, "chunk_tokens": 300, "provider": "guide"})
    many = few.replace(retrieved_chunks=8)
    rag = {a: _component(estimate_costs(a).breakdown["rag"], "Inference").span for a in (few, many)}
    input_price = provider_by_id("guide").tier("small")["input_price"].low
    extra = 1000 * 30 * (8 - 2) * 300 * input_price / 1_000_000
    assert pytest.approx(extra) == rag[many].low - rag[few].low


# --- Published figures, one per provider --------------------------------------------------------


def test_azure_bills_base_tokens_plus_its_published_hourly_fee_not_a_premium_as_well() -> None:
    est = estimate_costs(parse_answers({"provider": "azure-openai", "domain_count": 2}))
    parts = est.breakdown["fine-tuning"]
    hosting = _component(parts, "Hosting fee")
    assert pytest.approx(1.70 * HOURS_PER_MONTH * 2) == hosting.span.low
    plain_low, _ = _plain_tokens_cost("azure-openai", "small", 1000, 1000)
    assert pytest.approx(plain_low) == _component(parts, "Inference").span.low


def test_a_lora_host_serves_the_adapter_at_the_base_models_price() -> None:
    est = estimate_costs(parse_answers({"provider": "fireworks", "queries_per_day": 50_000}))
    tuned = _component(est.breakdown["fine-tuning"], "Inference")
    plain_low, plain_high = _plain_tokens_cost("fireworks", "small", 50_000, 1000)
    assert (pytest.approx(plain_low), pytest.approx(plain_high)) == (
        tuned.span.low,
        tuned.span.high,
    )


def test_fireworks_trains_at_its_published_50_cents_per_million_tokens() -> None:
    est = estimate_costs(parse_answers({"provider": "fireworks", "training_examples": 10_000}))
    tokens = 10_000 * 500 * 4  # examples x tokens per example x epochs
    assert pytest.approx(tokens * 0.50 / 1_000_000) == est.training.low


def test_bedrock_serves_a_custom_model_only_through_hourly_provisioned_throughput() -> None:
    est = estimate_costs(parse_answers({"provider": "bedrock"}))
    [serving] = [c for c in est.breakdown["fine-tuning"] if "throughput" in c.name.lower()]
    assert pytest.approx(39.60 * HOURS_PER_MONTH) == serving.span.low
    assert not [c for c in est.breakdown["fine-tuning"] if c.name.startswith("Inference")]


def test_openai_fine_tuned_tokens_cost_1_5_to_2_times_the_base_price() -> None:
    est = estimate_costs(parse_answers({"provider": "openai", "queries_per_day": 10_000}))
    plain_low, plain_high = _plain_tokens_cost("openai", "small", 10_000, 1000)
    tuned = _component(est.breakdown["fine-tuning"], "Inference")
    assert (pytest.approx(plain_low * 1.5), pytest.approx(plain_high * 2)) == (
        tuned.span.low,
        tuned.span.high,
    )


def test_self_hosting_keeps_an_h100_replica_on_at_the_published_hourly_range() -> None:
    est = estimate_costs(parse_answers({"deployment": "air-gapped"}))
    assert "self-hosted" == est.provider.id
    servers = _component(est.breakdown["rag"], "GPU servers")
    assert (pytest.approx(1.99 * HOURS_PER_MONTH), pytest.approx(5.00 * HOURS_PER_MONTH)) == (
        servers.span.low,
        servers.span.high,
    )
    assert 0 == _component(est.breakdown["rag"], "Vector store").span.high


def test_offline_deployments_are_priced_on_your_own_gpus_never_a_hosted_api() -> None:
    for deployment in ("edge", "air-gapped"):
        est = estimate_costs(parse_answers({"deployment": deployment}))
        assert est.provider.self_hosted


# --- The full cost of ownership -------------------------------------------------------------------


def test_zero_examples_never_price_a_fine_tune_at_zero() -> None:
    est = estimate_costs(parse_answers({"training_examples": 0}))
    assert est.training.low > 0
    assert est.trained_examples == 1000
    assert _component(est.breakdown["fine-tuning"], "Training examples").span.low > 0


@pytest.mark.parametrize(
    ("source", "low", "high"),
    [("vendor", 0.10 * 5000, 1.00 * 5000), ("experts", 5000 / 30 * 100, 5000 / 15 * 100)],
)
def test_producing_examples_is_priced_by_where_they_come_from(
    source: str, low: float, high: float
) -> None:
    answers = parse_answers({"training_examples": 5000, "example_source": source})
    part = _component(estimate_costs(answers).breakdown["fine-tuning"], "Training examples")
    assert (pytest.approx(low), pytest.approx(high)) == (part.span.low, part.span.high)


def test_examples_you_already_have_cost_nothing_to_produce() -> None:
    answers = parse_answers({"training_examples": 5000, "example_source": "have"})
    part = _component(estimate_costs(answers).breakdown["fine-tuning"], "Training examples")
    assert 0 == part.span.high


def test_engineering_time_scales_with_the_hourly_rate() -> None:
    cheap = estimate_costs(parse_answers({"engineer_hourly_rate": 50}))
    dear = estimate_costs(parse_answers({"engineer_hourly_rate": 150}))
    build = [_component(e.breakdown["rag"], "RAG pipeline").span.high for e in (cheap, dear)]
    assert pytest.approx(3 * build[0]) == build[1]


def test_first_year_is_one_off_plus_twelve_months() -> None:
    est = estimate_costs(parse_answers({"queries_per_day": 20_000}))
    for approach in est.monthly:
        expected = est.one_off[approach].low + 12 * est.monthly[approach].low
        assert pytest.approx(expected) == est.first_year[approach].low


def test_every_component_is_monthly_or_one_off_and_totals_add_up() -> None:
    est = estimate_costs(parse_answers({"model_tier": "flagship", "provider": "azure-openai"}))
    for approach, parts in est.breakdown.items():
        assert {c.kind for c in parts} <= {"monthly", "one-off"}
        monthly = sum(c.span.high for c in parts if c.kind == "monthly")
        assert pytest.approx(monthly) == est.monthly[approach].high


@pytest.mark.parametrize(("updates", "runs"), [("rarely", 0.25), ("monthly", 1.0), ("daily", 1.0)])
def test_retraining_follows_a_stated_cadence_not_every_document_change(
    updates: str, runs: float
) -> None:
    est = estimate_costs(parse_answers({"knowledge_updates": updates, "training_examples": 10_000}))
    retraining = _component(est.breakdown["fine-tuning"], "Retraining")
    assert pytest.approx(est.training.low * runs) == retraining.span.low


def test_hybrid_retrains_quarterly_because_knowledge_lives_in_retrieval() -> None:
    est = estimate_costs(parse_answers({"knowledge_updates": "daily", "training_examples": 10_000}))
    retraining = _component(est.breakdown["hybrid"], "Retraining")
    assert pytest.approx(est.training.high * 0.25) == retraining.span.high


def test_the_managed_vector_store_grows_with_reads_above_its_plan_minimum() -> None:
    small = estimate_costs(parse_answers({"queries_per_day": 0})).breakdown["rag"]
    busy = estimate_costs(parse_answers({"queries_per_day": 1_000_000})).breakdown["rag"]
    store = [_component(parts, "Vector store").span for parts in (small, busy)]
    assert store[0].high >= 50
    reads = 1_000_000 * 30 * 5 * 16 / 1_000_000
    assert pytest.approx(reads) == store[1].high - store[0].high
    assert 0 == store[0].low


def test_dedicated_hosting_replaces_per_token_billing_with_hours_per_domain_model() -> None:
    est = estimate_costs(
        parse_answers(
            {"provider": "fireworks", "fine_tune_hosting": "dedicated", "domain_count": 3}
        )
    )
    parts = est.breakdown["fine-tuning"]
    dedicated = _component(parts, "Dedicated deployment")
    assert pytest.approx(3.89 * HOURS_PER_MONTH * 3) == dedicated.span.low
    assert not [c for c in parts if c.name.startswith("Inference")]


# --- Latency ------------------------------------------------------------------------------------


def test_latency_adds_embedding_search_reranking_and_the_longer_prompt_to_rag_only() -> None:
    answers = parse_answers({"retrieved_chunks": 5, "chunk_tokens": 400})
    latency = estimate_costs(answers).latency_ms
    assert (30 + 1 + 0 + 2000 * 0.04, 150 + 100 + 400 + 2000 * 0.24) == (
        pytest.approx(latency["rag"].low),
        pytest.approx(latency["rag"].high),
    )
    assert 0 == latency["fine-tuning"].high
    assert latency["hybrid"] == latency["rag"]


# --- The break-even and the guide's 10,000-queries claim ------------------------------------------


@pytest.mark.parametrize(
    ("volume", "rounded"), [(2_327_567, 2_300_000), (136_399, 140_000), (987, 990), (12, 12)]
)
def test_break_even_is_rounded_to_two_significant_figures(volume: float, rounded: float) -> None:
    assert rounded == round_volume(volume)


def test_break_even_is_where_the_mid_range_lines_cross_to_two_figures() -> None:
    answers = parse_answers({"provider": "azure-openai", "model_tier": "flagship"})
    est = estimate_costs(answers)
    crossing = est.break_even_queries_per_day
    assert crossing is not None and not est.break_even_beyond_range
    at = monthly_cost_at(answers, crossing)
    assert pytest.approx(at["rag"].mid, rel=0.05) == at["fine-tuning"].mid


def test_a_crossing_beyond_the_inputs_maximum_is_not_stated_as_a_number() -> None:
    # Ten provisioned models (about $285,000 a month) against RAG at a fraction of a cent a query.
    answers = parse_answers(
        {
            "provider": "bedrock",
            "domain_count": 10,
            "tokens_per_query": 1,
            "retrieved_chunks": 1,
            "chunk_tokens": 20,
        }
    )
    est = estimate_costs(answers)
    assert est.break_even_queries_per_day is None
    assert est.break_even_beyond_range
    assert "beyond the range we model" in break_even_sentence(est)


def test_negligible_claim_compares_like_with_like_at_10000_queries() -> None:
    check = estimate_costs(parse_answers({})).negligible
    assert 10_000 == check.queries_per_day
    assert check.holds == (check.max_difference <= check.threshold)


def test_negligible_claim_is_reported_as_failing_where_it_fails() -> None:
    check = estimate_costs(parse_answers({"provider": "bedrock"})).negligible
    assert not check.holds
    assert "does not hold" in check.text
    assert check.max_difference > check.threshold
