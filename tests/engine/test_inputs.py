"""Validation: every door (JSON values, form text, flags) gets the same field-level messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator import FIELDS, InputError, parse_answers


@pytest.mark.parametrize(
    ("raw", "field", "expected"),
    [
        ({"queries_per_day": 5000}, "queries_per_day", 5000),
        ({"queries_per_day": "5000"}, "queries_per_day", 5000),
        ({"queries_per_day": " 5000 "}, "queries_per_day", 5000),
        ({"queries_per_day": 5000.0}, "queries_per_day", 5000),
        ({"queries_per_day": "1e4"}, "queries_per_day", 10000),
        ({"queries_per_day": "-0"}, "queries_per_day", 0),
        ({"needs_citations": True}, "needs_citations", True),
        ({"needs_citations": "yes"}, "needs_citations", True),
        ({"needs_citations": "FALSE"}, "needs_citations", False),
        ({"deployment": "air-gapped"}, "deployment", "air-gapped"),
    ],
)
def test_valid_values_are_accepted(raw: dict[str, object], field: str, expected: object) -> None:
    assert expected == getattr(parse_answers(raw), field)


def test_omitted_fields_take_their_declared_defaults() -> None:
    answers = parse_answers({})
    assert {f.name: f.default for f in FIELDS} == answers.as_dict()


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({"queries_per_day": ""}, "queries_per_day", "Enter a number"),
        ({"queries_per_day": "   "}, "queries_per_day", "Enter a number"),
        ({"queries_per_day": "10,000"}, "queries_per_day", "thousands separators"),
        ({"queries_per_day": "10k"}, "queries_per_day", "without a unit"),
        ({"queries_per_day": "5000 queries"}, "queries_per_day", "without a unit"),
        ({"queries_per_day": "NaN"}, "queries_per_day", "digits"),
        ({"queries_per_day": "Infinity"}, "queries_per_day", "digits"),
        ({"queries_per_day": float("nan")}, "queries_per_day", "finite"),
        ({"queries_per_day": float("inf")}, "queries_per_day", "finite"),
        ({"queries_per_day": "1e309"}, "queries_per_day", "from 0 to"),  # a range, exactly
        ({"queries_per_day": -1}, "queries_per_day", "from 0 to"),
        ({"queries_per_day": 10**30}, "queries_per_day", "from 0 to"),
        ({"queries_per_day": 2.5}, "queries_per_day", "whole number"),
        ({"queries_per_day": True}, "queries_per_day", "Enter a number"),
        ({"queries_per_day": [1]}, "queries_per_day", "Enter a number"),
        ({"queries_per_day": {"n": 1}}, "queries_per_day", "Enter a number"),
        ({"queries_per_day": "9" * 100_000}, "queries_per_day", "too long"),
        ({"tokens_per_query": 0}, "tokens_per_query", "from 1 to"),
        ({"needs_citations": "maybe"}, "needs_citations", "yes or no"),
        ({"needs_citations": 1}, "needs_citations", "yes or no"),
        ({"deployment": "moon"}, "deployment", "cloud, edge, air-gapped"),
        ({"deployment": "Cloud"}, "deployment", "Choose one of"),
        ({"deployment": None}, "deployment", "Choose one of"),
        ({"stage": '"><script>alert(1)</script>'}, "stage", "Choose one of"),
        ({"queries_per_day": "{{7*7}}"}, "queries_per_day", "digits"),
        ({"quries_per_day": 5}, "quries_per_day", "not an input"),
    ],
)
def test_invalid_values_get_a_plain_message_on_their_field(
    raw: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(raw)
    assert [field] == [e.field for e in caught.value.errors]
    assert words in caught.value.errors[0].message


def test_every_invalid_field_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({"queries_per_day": "x", "stage": "y", "needs_citations": "z"})
    assert {"queries_per_day", "stage", "needs_citations"} == {e.field for e in caught.value.errors}


def test_error_messages_never_echo_the_offending_value() -> None:
    payload = "<img src=x onerror=alert(1)>"
    with pytest.raises(InputError) as caught:
        parse_answers({"queries_per_day": payload, "deployment": payload})
    assert all(payload not in e.message for e in caught.value.errors)


def test_unknown_field_names_are_shortened_and_made_printable() -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({"x\u200b" * 50: 1})
    assert len(caught.value.errors[0].field) < 60
    assert caught.value.errors[0].field.isprintable()


def test_every_field_declares_a_guide_section_and_help() -> None:
    for field in FIELDS:
        assert "/#" in field.section, field.name
        assert field.help and field.label, field.name


# --- Issue 13, case 11: decimals are read exactly, never rounded through a float ----------------


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("domain_count", "1.00000000000000001"),
        ("training_examples", "1999.99999999999999999"),
        ("queries_per_day", "0.99999999999999999e4"),
        ("queries_per_day", "5000.000000000000000001"),
    ],
)
def test_a_decimal_a_hair_from_a_whole_number_is_not_rounded_to_it(field: str, text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({field: text})
    assert [(field, "Enter a whole number.")] == [(e.field, e.message) for e in caught.value.errors]


@pytest.mark.parametrize(("text", "expected"), [("2e3", 2000), ("2000.000", 2000), (" 7 ", 7)])
def test_exact_whole_decimals_are_accepted(text: str, expected: int) -> None:
    assert expected == parse_answers({"training_examples": text}).training_examples


@pytest.mark.parametrize(
    "value",
    [10**400, -(10**5000), Decimal("1e400"), Decimal("-1e-999999")],
    ids=["10**400", "-10**5000", "1e400", "-1e-999999"],
)
def test_huge_or_tiny_numbers_from_json_get_a_field_error(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({"queries_per_day": value})
    assert ["queries_per_day"] == [e.field for e in caught.value.errors]
