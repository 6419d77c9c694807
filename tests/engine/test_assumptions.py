"""The data file: every figure sourced and dated; malformed entries fail loudly, naming the key."""

from __future__ import annotations

from datetime import date

import pytest

from calculator import assumptions_markdown, load_assumptions
from calculator.assumptions import parse_assumptions
from calculator.providers import load_providers

GUIDE = {"title": "T", "short": "t"}


def test_every_figure_has_a_unit_a_source_and_a_date() -> None:
    for figure in load_assumptions().figures.values():
        assert figure.unit and figure.source and figure.as_of, figure.key


def test_only_the_guides_own_figures_cite_the_guide() -> None:
    data = load_assumptions()
    cited = {key for key, figure in data.figures.items() if figure.source == "guide"}
    assert {
        "rag_token_multiplier",
        "guide_training_example_cost",
        "negligible_below_queries_per_day",
    } == cited


def test_the_data_threshold_is_stated_as_our_reading_not_the_guides_figure() -> None:
    figure = load_assumptions().figures["min_training_examples"]
    assert figure.source != "guide"
    assert "our reading" in figure.source


def test_the_assumptions_page_marks_figures_older_than_six_months() -> None:
    page = assumptions_markdown(today=date(2026, 11, 25))
    [pinecone] = [line for line in page.splitlines() if "monthly minimum (Pinecone" in line]
    assert pinecone.endswith("| 2026-11-04 |")
    [gpt4o] = [line for line in page.splitlines() if "| small | Input tokens | 0.15 |" in line][:1]
    assert gpt4o.endswith("(possibly stale) |")


def test_the_assumptions_page_lists_every_provider_with_its_billing_and_date() -> None:
    page = assumptions_markdown(today=date(2026, 11, 25))
    for provider in load_providers():
        assert f"(`{provider.id}`) | {provider.fine_tuning} |" in page
        assert f"{{#provider-{provider.id}}}" in page


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"label": "L", "unit": "u", "source": "s", "as_of": "d"}, "missing key 'low'"),
        ({"value": "3", "label": "L", "unit": "u", "source": "s", "as_of": "d"}, "expected float"),
        (
            {"low": 5, "high": 1, "label": "L", "unit": "u", "source": "s", "as_of": "d"},
            "low <= high",
        ),
        ({"value": 1, "label": "L", "unit": "u", "source": "s"}, "missing key 'as_of'"),
    ],
)
def test_malformed_figure_names_the_offending_key(table: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=r"figures\.bad") as caught:
        parse_assumptions({"guide": GUIDE, "figures": {"bad": table}})
    assert words in str(caught.value)
