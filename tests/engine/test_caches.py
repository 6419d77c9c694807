"""The engine's result caches (there for the browser's keystrokes) never change a result."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator

from hypothesis import given
from hypothesis import strategies as st

import calculator
from calculator import FIELDS, InputError, parse_answers, recommend
from calculator.costs import _cost_lines, _negligible_at_any_volume, cost_lines
from calculator.decision import PRICING_ONLY_FIELDS, _recommend
from calculator.web import evaluate
from tests.engine.test_properties import _value, valid_answers


def _bounded_caches() -> Iterator[Callable[..., object]]:
    """Every lru_cache with a size limit in the package: the result caches (the data loaders'
    unbounded caches hold the packaged files, read once)."""
    for module in pkgutil.walk_packages(calculator.__path__, "calculator."):
        if module.name == "calculator.__main__":
            continue
        for obj in vars(importlib.import_module(module.name)).values():
            parameters = getattr(obj, "cache_parameters", None)
            if parameters is not None and parameters()["maxsize"] is not None:
                yield obj


def _fresh(raw: dict[str, object]) -> dict[str, object]:
    for cached in _bounded_caches():
        cached.cache_clear()  # type: ignore[attr-defined]
    return evaluate(raw)


def test_the_result_caches_are_found_and_bounded() -> None:
    names = {f"{c.__module__}.{c.__name__}" for c in _bounded_caches()}
    assert "calculator.decision._recommend" in names
    assert "calculator.chart._chart_svg" in names
    assert len(names) >= 5


changes = st.lists(
    st.sampled_from(FIELDS).flatmap(lambda f: st.tuples(st.just(f.name), _value(f))),
    min_size=1,
    max_size=8,
)


@given(valid_answers, changes)
def test_a_cached_result_is_never_stale(
    raw: dict[str, object], steps: list[tuple[str, object]]
) -> None:
    """Typing: one answer changes at a time; each result equals one worked out from scratch."""
    answers = dict(raw)
    evaluate(answers)
    for name, value in steps:
        answers[name] = value
        try:
            parse_answers(answers)
        except InputError:
            continue  # a hosted provider offline: an error, cached nowhere
        assert evaluate(answers) == _fresh(answers)
        evaluate(answers)  # the caches are warm again for the next step


@given(valid_answers, st.data())
def test_pricing_only_answers_never_change_the_recommendation(
    raw: dict[str, object], data: st.DataObject
) -> None:
    """What lets `recommend` be cached without them, and skip them as pivots."""
    answers = parse_answers(raw)
    decided = _recommend.__wrapped__(answers)
    for name in PRICING_ONLY_FIELDS:
        field = next(f for f in FIELDS if f.name == name)
        changed = answers.replace(**{name: data.draw(_value(field))})
        assert _recommend.__wrapped__(changed) == decided, name


@given(valid_answers, st.integers(min_value=0, max_value=10**8))
def test_what_is_cached_without_the_volume_does_not_depend_on_it(
    raw: dict[str, object], volume: int
) -> None:
    """What lets the cost lines and the negligible-difference check be cached per
    `without_volume` answers."""
    answers = parse_answers(raw)
    other = answers.replace(queries_per_day=volume)
    assert _cost_lines.__wrapped__(other) == _cost_lines.__wrapped__(answers)
    assert _negligible_at_any_volume.__wrapped__(other) == _negligible_at_any_volume.__wrapped__(
        answers
    )


def test_callers_cannot_alter_a_cached_result() -> None:
    answers = parse_answers({})
    recommend(answers).scores["rag"] = -1
    cost_lines(answers).clear()
    assert recommend(answers).scores["rag"] >= 0
    assert cost_lines(answers)
