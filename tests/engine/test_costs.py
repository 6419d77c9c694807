"""The cost model reproduces the guide's figures and reports its 10,000-queries claim honestly."""

from __future__ import annotations

import pytest

from calculator import estimate_costs, load_assumptions, parse_answers
from calculator.costs import monthly_cost_at


def test_guide_worked_example_100k_examples_costs_500_to_2000_to_train() -> None:
    guide = load_assumptions()["guide_training_example_cost"]
    training = estimate_costs(parse_answers({"training_examples": 100_000})).training
    assert guide.low <= training.low <= training.high <= guide.high
    assert (600.0, 1600.0) == (round(training.low, 2), round(training.high, 2))


def test_training_price_range_is_the_guides_3_to_8_dollars_per_million() -> None:
    span = load_assumptions()["training_price"]
    assert (3.0, 8.0) == (span.low, span.high)


def test_a_small_fine_tune_costs_under_50_dollars_as_the_guide_says() -> None:
    assert estimate_costs(parse_answers({"training_examples": 2000})).training.high < 50


@pytest.mark.parametrize(
    ("figure", "component", "approach"),
    [
        ("fine_tuned_inference_premium", "inference", "fine-tuning"),
        ("rag_token_multiplier", "inference", "rag"),
    ],
)
def test_inference_is_the_plain_cost_times_the_guides_2_to_4x(
    figure: str, component: str, approach: str
) -> None:
    answers = parse_answers({"queries_per_day": 10_000, "tokens_per_query": 1000})
    data = load_assumptions()
    share = data.value("input_token_share")
    price = share * data.value("small_model_input_price") + (1 - share) * data.value(
        "small_model_output_price"
    )
    plain = 10_000 * 30 * 1000 * price / 1_000_000
    part = estimate_costs(answers).breakdown[approach][component]
    assert pytest.approx(plain * 2) == part.low
    assert pytest.approx(plain * 4) == part.high
    assert (2.0, 4.0) == (data[figure].low, data[figure].high)


def test_negligible_below_10000_queries_holds_with_the_defaults() -> None:
    check = estimate_costs(parse_answers({})).negligible
    assert check.holds
    assert 10_000 == check.queries_per_day


@pytest.mark.parametrize(
    "answers",
    [{"model_tier": "flagship"}, {"fine_tune_hosting": "dedicated"}],
    ids=["flagship prices", "always-on hosted fine-tune"],
)
def test_negligible_claim_is_reported_as_failing_where_it_fails(answers: dict[str, str]) -> None:
    check = estimate_costs(parse_answers(answers)).negligible
    assert not check.holds
    assert "does not hold" in check.text
    assert check.max_difference > check.threshold


def test_break_even_is_where_the_mid_range_lines_cross() -> None:
    answers = parse_answers({"training_examples": 100_000, "knowledge_updates": "rarely"})
    crossing = estimate_costs(answers).break_even_queries_per_day
    assert crossing is not None
    at = monthly_cost_at(answers, crossing)
    assert pytest.approx(at["rag"].mid, rel=1e-6) == at["fine-tuning"].mid


def test_no_break_even_when_fine_tuning_has_no_fixed_cost_to_recover() -> None:
    answers = parse_answers({"training_examples": 0})
    assert estimate_costs(answers).break_even_queries_per_day is None


def test_dedicated_hosting_adds_an_hourly_fee_per_domain_model() -> None:
    one = estimate_costs(parse_answers({"fine_tune_hosting": "dedicated"}))
    three = estimate_costs(parse_answers({"fine_tune_hosting": "dedicated", "domain_count": 3}))
    hourly = load_assumptions()["dedicated_hosting_hourly"]
    assert pytest.approx(hourly.low * 24 * 30) == one.breakdown["fine-tuning"]["hosting"].low
    assert pytest.approx(3 * one.breakdown["fine-tuning"]["hosting"].high) == (
        three.breakdown["fine-tuning"]["hosting"].high
    )


@pytest.mark.parametrize(
    ("updates", "runs"), [("rarely", 0.25), ("monthly", 1.0), ("weekly", 4.33), ("daily", 30.0)]
)
def test_retraining_follows_how_often_knowledge_changes(updates: str, runs: float) -> None:
    est = estimate_costs(parse_answers({"knowledge_updates": updates, "training_examples": 10_000}))
    assert pytest.approx(est.training.low * runs) == est.breakdown["fine-tuning"]["retraining"].low


def test_hybrid_retrains_at_the_rarely_rate_because_knowledge_lives_in_retrieval() -> None:
    est = estimate_costs(parse_answers({"knowledge_updates": "daily", "training_examples": 10_000}))
    assert pytest.approx(est.training.high * 0.25) == est.breakdown["hybrid"]["retraining"].high


def test_every_range_has_low_at_most_high() -> None:
    est = estimate_costs(parse_answers({"queries_per_day": 123_456, "model_tier": "flagship"}))
    for approach, parts in est.breakdown.items():
        for name, span in parts.items():
            assert span.low <= span.high, (approach, name)
