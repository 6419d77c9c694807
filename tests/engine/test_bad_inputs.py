"""Every entry of the bad-input corpus through the Python API and the CLI (flags and stdin)."""

from __future__ import annotations

import io
import json
import math

import pytest

from calculator import InputError, parse_answers
from calculator.cli import run
from calculator.inputs import _printable
from calculator.web import inputs_from_query
from tests.bad_inputs import BadInput, BadLink, load_bad_inputs, load_bad_links

BAD = load_bad_inputs()
TEXT_BAD = [b for b in BAD if not b.json_only and not b.unknown]


def _expected_field(bad: BadInput) -> str:
    return _printable(bad.field) if bad.unknown else bad.field


def test_corpus_has_at_least_60_entries() -> None:
    assert len(BAD) >= 60


@pytest.mark.parametrize("bad", BAD, ids=[b.id for b in BAD])
def test_api_rejects_with_a_field_level_message(bad: BadInput) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({bad.field: bad.value})
    assert [_expected_field(bad)] == [e.field for e in caught.value.errors]
    message = caught.value.errors[0].message
    assert message.endswith(".") and len(message) < 200
    if isinstance(bad.value, str) and len(bad.value) > 3:
        assert bad.value not in message  # never echoed back


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def _cli(args: list[str], stdin: str = "") -> tuple[int, dict[str, list[dict[str, str]]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(args, _Stdin(stdin), out, err)
    return status, json.loads(out.getvalue()), err.getvalue()


@pytest.mark.parametrize("bad", BAD, ids=[b.id for b in BAD])
def test_cli_stdin_exits_2_with_the_field_in_json(bad: BadInput) -> None:
    value = bad.value
    if isinstance(value, float) and not math.isfinite(value):
        spelling = {"nan": "NaN", "inf": "Infinity"}.get(str(value), "-Infinity")
        document = f'{{"{bad.field}": {spelling}}}'  # Python's json reads these spellings
    else:
        document = json.dumps({bad.field: value})
    status, out, err = _cli(["recommend", "--format", "json"], document)
    assert (2, "") == (status, err)
    assert [_expected_field(bad)] == [e["field"] for e in out["errors"]]


@pytest.mark.parametrize("bad", TEXT_BAD, ids=[b.id for b in TEXT_BAD])
def test_cli_flag_exits_2_with_the_field_in_json(bad: BadInput) -> None:
    flag = "--" + bad.field.replace("_", "-")
    status, out, _ = _cli(["costs", "--format", "json", f"{flag}={bad.text}"])
    assert 2 == status
    assert [bad.field] == [e["field"] for e in out["errors"]]


LINKS = load_bad_links()


@pytest.mark.parametrize("link", LINKS, ids=[link.id for link in LINKS])
def test_a_bad_link_names_the_field_it_breaks(link: BadLink) -> None:
    parsed = inputs_from_query("?" + link.query)
    errors = parsed["errors"]
    assert isinstance(errors, list)
    assert link.field in [error["field"] for error in errors]
    assert all(error["message"].endswith(".") for error in errors)
