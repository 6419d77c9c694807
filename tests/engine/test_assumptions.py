"""The data file: every figure sourced and dated; malformed entries fail loudly, naming the key."""

from __future__ import annotations

import pytest

from calculator import load_assumptions
from calculator.assumptions import parse_assumptions

GUIDE = {"title": "T", "short": "t"}


def test_every_figure_has_a_unit_a_source_and_a_date() -> None:
    for figure in load_assumptions().figures.values():
        assert figure.unit and figure.source and figure.as_of, figure.key


def test_figures_outside_the_guide_name_their_own_public_source() -> None:
    data = load_assumptions()
    for key in (
        "small_model_input_price",
        "embedding_price",
        "vector_store_monthly",
        "dedicated_hosting_hourly",
    ):
        assert data.figures[key].source != "guide"


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
