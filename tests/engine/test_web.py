"""The browser boundary: evaluate, URL state, exports and the generated form."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from calculator import FIELDS
from calculator.web import default_result_html, evaluate, export, form_html, inputs_from_query
from tests.shared import approach_in_export


def test_default_result_is_the_evaluation_of_no_input() -> None:
    assert evaluate({})["html"] == default_result_html()


def test_form_has_a_control_label_and_error_slot_per_field() -> None:
    html = form_html()
    for field in FIELDS:
        assert f'id="field-{field.name}"' in html
        assert f'id="input-{field.name}"' in html
        assert f'<label for="input-{field.name}"' in html
        assert f'id="error-{field.name}"' in html


def test_evaluate_reports_field_errors_and_renders_nothing() -> None:
    result = evaluate({"queries_per_day": "lots", "needs_citations": "true"})
    assert result["ok"] is False and result["html"] is None
    assert [
        {"field": "queries_per_day", "message": "Enter a whole number using digits, e.g. 1000."}
    ] == result["errors"]


def test_query_holds_only_changed_answers_and_round_trips() -> None:
    raw = {"needs_citations": "true", "queries_per_day": "25000", "stage": "prototype"}
    result = evaluate(raw)
    assert {"needs_citations": "true", "queries_per_day": "25000"} == dict(
        parse_qsl(str(result["query"]))
    )
    parsed = inputs_from_query("?" + str(result["query"]))
    assert [] == parsed["errors"]
    assert result["html"] == evaluate(parsed["values"])["html"]  # type: ignore[arg-type]


def test_query_with_duplicates_unknown_and_bad_values_reports_each() -> None:
    parsed = inputs_from_query("stage=production&stage=prototype&colour=red&queries_per_day=x")
    fields = sorted(e["field"] for e in parsed["errors"])  # type: ignore[index, union-attr]
    assert ["colour", "queries_per_day", "stage"] == fields
    assert {"stage": "production", "queries_per_day": "x"} == parsed["values"]


def test_oversized_query_is_refused_with_a_message() -> None:
    parsed = inputs_from_query("a=" + "x" * 10_000)
    assert {} == parsed["values"]
    assert "too long" in parsed["errors"][0]["message"]  # type: ignore[index]


@pytest.mark.parametrize("fmt", ["markdown", "json", "csv"])
def test_exports_carry_the_recommendation(fmt: str) -> None:
    offline_with_data = {
        "deployment": "edge",
        "stage": "production",
        "knowledge_updates": "rarely",
        "training_examples": 5000,
    }
    result = export(offline_with_data, fmt)
    assert result["ok"] is True
    assert "fine-tuning" == approach_in_export(fmt, str(result["text"]))


def test_export_of_invalid_input_reports_errors() -> None:
    assert ["stage"] == [e["field"] for e in export({"stage": "x"}, "csv")["errors"]]  # type: ignore[union-attr]


def test_export_of_unknown_format_is_refused() -> None:
    assert export({}, "pdf")["ok"] is False


# --- Issue 13, cases 3 and 8: one rule for link and engine; Material's `h` is not an input -----


@pytest.mark.parametrize(
    ("query", "field", "shown"),
    [
        ("?model_tier=%20flagship", "model_tier", "flagship"),
        ("?deployment=air-gapped%20", "deployment", "air-gapped"),
        ("?needs_citations=%20TRUE", "needs_citations", "true"),
        ("?queries_per_day=%205000%20", "queries_per_day", "5000"),
    ],
)
def test_a_link_value_is_shown_as_the_engine_reads_it(query: str, field: str, shown: str) -> None:
    parsed = inputs_from_query(query)
    assert ({field: shown}, []) == (parsed["values"], parsed["errors"])
    raw_value = dict(parse_qsl(query.lstrip("?")))[field]
    assert evaluate({field: raw_value})["html"] == evaluate(parsed["values"])["html"]  # type: ignore[arg-type]


def test_a_rejected_link_value_is_kept_as_written_next_to_its_error() -> None:
    parsed = inputs_from_query("?queries_per_day=1,000&stage=production")
    assert {"queries_per_day": "1,000", "stage": "production"} == parsed["values"]
    assert ["queries_per_day"] == [e["field"] for e in parsed["errors"]]  # type: ignore[attr-defined]


def test_materials_search_highlight_parameter_is_not_an_input() -> None:
    assert {"values": {"stage": "production"}, "errors": []} == inputs_from_query(
        "?h=latency&stage=production"
    )
