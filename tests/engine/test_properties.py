"""Invariants over the whole input space (hypothesis)."""

from __future__ import annotations

import math
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from calculator import FIELDS, InputError, estimate_costs, parse_answers, recommend
from calculator.costs import cost_lines, monthly_cost_at
from calculator.render import result_html
from tests.shared import reachable

settings.register_profile("engine", max_examples=60, deadline=None)
settings.load_profile("engine")


def _value(field):  # type: ignore[no-untyped-def]
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from([value for value, _ in field.choices])
    return st.integers(min_value=field.minimum, max_value=min(field.maximum, 10**9))


valid_answers = st.fixed_dictionaries({}, optional={f.name: _value(f) for f in FIELDS}).map(
    reachable
)
volumes = st.integers(min_value=0, max_value=10**8)


@given(valid_answers)
def test_every_valid_input_gives_a_result(raw: dict[str, object]) -> None:
    answers = parse_answers(raw)
    rec = recommend(answers)
    assert rec.approach in {"rag", "fine-tuning", "hybrid"}
    assert rec.reasons
    est = estimate_costs(answers)
    spans = [*est.monthly.values(), *est.one_off.values(), *est.first_year.values(), est.training]
    spans += [c.span for parts in est.breakdown.values() for c in parts]
    spans += list(est.latency_ms.values())
    for span in spans:
        assert 0 <= span.low <= span.high and math.isfinite(span.high)


@given(valid_answers)
def test_results_are_deterministic(raw: dict[str, object]) -> None:
    assert result_html(parse_answers(raw)) == result_html(parse_answers(dict(raw)))


@given(valid_answers, volumes, volumes)
def test_costs_never_decrease_as_volume_grows(raw: dict[str, object], a: int, b: int) -> None:
    low, high = sorted((a, b))
    smaller = estimate_costs(parse_answers({**raw, "queries_per_day": low})).monthly
    larger = estimate_costs(parse_answers({**raw, "queries_per_day": high})).monthly
    for approach in smaller:
        assert smaller[approach].low <= larger[approach].low
        assert smaller[approach].high <= larger[approach].high


@given(valid_answers, st.integers(0, 10**7), st.integers(0, 10**7))
def test_costs_never_decrease_as_examples_grow(raw: dict[str, object], a: int, b: int) -> None:
    low, high = sorted((a, b))
    smaller = estimate_costs(parse_answers({**raw, "training_examples": low}))
    larger = estimate_costs(parse_answers({**raw, "training_examples": high}))
    assert smaller.training.high <= larger.training.high
    for approach in smaller.monthly:
        assert smaller.monthly[approach].high <= larger.monthly[approach].high
    if raw.get("example_source", "vendor") != "have":  # owned examples cost nothing to make
        for approach in smaller.one_off:
            assert smaller.one_off[approach].high <= larger.one_off[approach].high


@given(valid_answers)
def test_costs_never_decrease_when_prices_go_up(raw: dict[str, object]) -> None:
    small = estimate_costs(parse_answers({**raw, "model_tier": "small"})).monthly
    flagship = estimate_costs(parse_answers({**raw, "model_tier": "flagship"})).monthly
    for approach in small:
        assert small[approach].low <= flagship[approach].low


_not_a_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not math.isfinite(x)),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.none(),
    st.booleans(),
    # any text except strings made only of number characters (those may be valid numbers)
    st.text().filter(lambda s: re.fullmatch(r"\s*[0-9.eE+-]*\s*", s) is None),
)


@given(st.sampled_from([f for f in FIELDS if f.kind == "int"]), _not_a_number)
def test_every_invalid_number_gets_a_field_level_error(field, value: object) -> None:  # type: ignore[no-untyped-def]
    try:
        parse_answers({field.name: value})
    except InputError as exc:
        assert [field.name] == [e.field for e in exc.errors]
        assert exc.errors[0].message
    else:
        raise AssertionError(f"{value!r} was accepted for {field.name}")


@given(st.text(min_size=1, max_size=30).filter(lambda s: s not in {f.name for f in FIELDS}))
def test_every_unknown_field_is_an_error(name: str) -> None:
    try:
        parse_answers({name: 1})
    except InputError as exc:
        assert 1 == len(exc.errors)
    else:
        raise AssertionError(f"unknown field {name!r} accepted")


@given(valid_answers, volumes)
# Found by CI: a large fixed cost and a tiny per-query cost, where a slope read at 1 query a
# day lost its precision.
@example(
    raw={
        "fine_tune_hosting": "dedicated",
        "model_tier": "small",
        "tokens_per_query": 1,
        "provider": "guide",
    },
    v=14_134_990,
)
def test_the_charts_cost_lines_match_the_model_at_every_volume(
    raw: dict[str, object], v: int
) -> None:
    # The chart draws straight lines; this fails if a cost ever stops being linear in volume.
    answers = parse_answers(raw)
    lines = cost_lines(answers)
    for approach, direct in monthly_cost_at(answers, v).items():
        drawn = lines[approach].at(v)
        assert math.isclose(drawn.low, direct.low, rel_tol=1e-9, abs_tol=1e-6)
        assert math.isclose(drawn.high, direct.high, rel_tol=1e-9, abs_tol=1e-6)
