"""The command line's public contract (DESIGN.md): JSON in, JSON out, exit 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.cli import run

ROOT = Path(__file__).resolve().parents[2]


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def cli(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(args, _Stdin(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def test_recommend_json_follows_the_contract() -> None:
    status, out, _ = cli(["recommend", "--format", "json"], '{"needs_citations": true}')
    result = json.loads(out)
    assert 0 == status
    assert "rag" == result["approach"]
    assert all({"text", "favors", "section"} <= set(r) for r in result["reasons"])
    assert all("text" in w for w in result["warnings"])


def test_costs_json_follows_the_contract() -> None:
    status, out, _ = cli(["costs", "--format", "json"], '{"queries_per_day": 20000}')
    result = json.loads(out)
    assert 0 == status
    assert {"rag", "fine-tuning", "hybrid"} == set(result["monthly"])
    for span in (*result["monthly"].values(), result["training"]):
        assert {"low", "high"} == set(span) and span["low"] <= span["high"]
    assert result["break_even_queries_per_day"] is None or isinstance(
        result["break_even_queries_per_day"], int | float
    )


def test_flags_override_stdin() -> None:
    tuned = '{"behavior_change": true, "knowledge_updates": "rarely", "training_examples": 5000}'
    stdin = tuned[:-1] + ', "stage": "prototype"}'
    _, out, _ = cli(["recommend", "--format", "json", "--stage", "production"], stdin)
    assert "fine-tuning" == json.loads(out)["approach"]


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["costs", "--format", "json"], '{"queries_per_day": "ten"}', "queries_per_day"),
        (["costs", "--format", "json"], '{"queries_per_day": NaN}', "queries_per_day"),
        (["costs", "--format", "json"], "[1, 2]", "stdin"),
        (["costs", "--format", "json"], "{not json", "stdin"),
        (["costs", "--format", "json"], '{"colour": "red"}', "colour"),
        (["costs", "--format", "json", "--stage", "beta"], "", "stage"),
        (["costs", "--format", "json", "--bogus", "1"], "", "arguments"),
        (["launch", "--format", "json"], "", "arguments"),
    ],
)
def test_bad_input_exits_2_with_field_errors_as_json(
    args: list[str], stdin: str, field: str
) -> None:
    status, out, err = cli(args, stdin)
    assert 2 == status
    assert field in [e["field"] for e in json.loads(out)["errors"]]
    assert "Traceback" not in out + err


def test_bad_input_without_json_is_a_plain_sentence_on_stderr() -> None:
    status, out, err = cli(["recommend", "--queries-per-day", "-5"])
    assert (2, "") == (status, out)
    assert err.startswith("error: --queries-per-day (queries_per_day): Enter a number from 0 to")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_renders_in_every_format(fmt: str) -> None:
    status, out, _ = cli(["report", "--format", fmt, "--behavior-change", "yes"])
    assert 0 == status
    assert "Fine-tuning" in out or "fine-tuning" in out


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
def test_python_dash_m_calculator_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "recommend", "--format", "json"],
        input='{"deployment": "air-gapped", "needs_citations": true}',
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (0, "rag") == (done.returncode, json.loads(done.stdout)["approach"])


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
def test_program_exits_2_without_traceback_on_bad_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "costs"],
        input="{oops",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert 2 == done.returncode
    assert "Traceback" not in done.stderr and "not valid JSON" in done.stderr


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
def test_program_exits_2_on_input_that_is_not_utf8() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "costs", "--format", "json"],
        input=b'{"stage": "\xff\xfe"}',
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert 2 == done.returncode
    assert [{"field": "stdin", "message": "The input is not UTF-8 text."}] == json.loads(
        done.stdout
    )["errors"]


# --- Issue 15: flags a person can get right, and the installed console script ------------------


def test_a_mistyped_flag_suggests_the_closest_one() -> None:
    status, out, err = cli(["recommend", "--queries-per-dya", "5000"])
    assert (2, "") == (status, out)
    assert (
        "error: arguments: unknown option --queries-per-dya; did you mean --queries-per-day?\n"
        == err
    )


def test_a_mistyped_flag_is_a_json_error_with_json() -> None:
    status, out, _ = cli(["costs", "--format", "json", "--domian-count=3"])
    assert 2 == status
    [error] = json.loads(out)["errors"]
    assert "arguments" == error["field"]
    assert "did you mean --domain-count?" in error["message"]


@pytest.mark.parametrize("abbreviation", ["--q", "--queries", "--stag"])
def test_a_flag_prefix_is_an_error_not_a_guess(abbreviation: str) -> None:
    status, out, err = cli(["recommend", abbreviation, "5000"])
    assert (2, "") == (status, out)
    assert f"unknown option {abbreviation};" in err


def test_a_bad_value_names_the_flag_as_typed_and_the_field() -> None:
    status, out, _ = cli(["recommend", "--format", "json", "--queries-per-day", "lots"])
    [error] = json.loads(out)["errors"]
    assert 2 == status
    assert ("queries_per_day", "--queries-per-day") == (error["field"], error["flag"])


def test_a_bad_value_from_stdin_names_only_the_field() -> None:
    _, out, _ = cli(["recommend", "--format", "json"], '{"queries_per_day": "lots"}')
    [error] = json.loads(out)["errors"]
    assert "flag" not in error


@pytest.mark.parametrize("command", [[], ["recommend"], ["costs"], ["report"], ["providers"]])
def test_help_has_no_markdown_backticks(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from calculator.cli import main

    assert 0 == main([*command, "--help"])
    text = capsys.readouterr().out
    assert "usage: python -m calculator" in text
    assert "`" not in text


@pytest.mark.skipif(sys.platform == "emscripten", reason="needs pip and subprocesses")
def test_installed_console_script_runs_the_calculator(tmp_path: Path) -> None:
    """Build the wheel, install it offline into a folder of its own, run `ftrag-calculator`."""
    from sitebuild.wheel import build_wheel

    wheel = build_wheel(tmp_path / "dist")
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(target)}
    script = target / "bin" / "ftrag-calculator"
    done = subprocess.run(
        [str(script), "recommend", "--format", "json", "--needs-citations", "yes"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert (0, "") == (done.returncode, done.stderr)
    assert "rag" == json.loads(done.stdout)["approach"]
    helped = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, cwd=tmp_path, env=env, check=True
    )
    assert helped.stdout.startswith("usage: ftrag-calculator")


# --- Issue 13, case 10: every bad input exits 2 with a field error; the pipes stay quiet --------


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ('{"queries_per_day": 1' + "0" * 400 + "}", "queries_per_day"),  # was OverflowError
        ('{"queries_per_day": 1' + "0" * 5000 + "}", "queries_per_day"),  # Python's digit limit
        ('{"queries_per_day": -1' + "0" * 5000 + "}", "queries_per_day"),
        ('{"document_tokens": 1e400}', "document_tokens"),
        ('{"training_examples": 1999.99999999999999999}', "training_examples"),
    ],
    ids=["400-zeros", "5000-digits", "negative-5000-digits", "1e400", "not-quite-2000"],
)
def test_huge_or_inexact_json_numbers_exit_2_with_a_field_error(document: str, field: str) -> None:
    status, out, err = cli(["recommend", "--format", "json"], document)
    assert (2, "") == (status, err)
    assert [field] == [e["field"] for e in json.loads(out)["errors"]]


def test_the_last_format_given_wins_for_errors_too() -> None:
    status, out, err = cli(["recommend", "--format", "json", "--format", "text", "--stage", "x"])
    assert (2, "") == (status, out)
    assert err.startswith("error: --stage (stage): ")
    status, out, err = cli(["recommend", "--format", "text", "--format=json", "--stage", "x"])
    assert (2, "", ["stage"]) == (status, err, [e["field"] for e in json.loads(out)["errors"]])


def test_the_last_format_given_wins_for_results() -> None:
    status, out, _ = cli(["recommend", "--format", "json", "--format", "text"])
    assert 0 == status
    assert out.startswith("Recommendation: ")


def _program(*args: str) -> list[str]:
    return [sys.executable, "-m", "calculator", *args]


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
def test_a_closed_stdin_means_no_answers_not_a_crash() -> None:
    command = " ".join(_program("recommend", "--format", "json")) + " <&-"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (0, "", "rag") == (done.returncode, done.stderr, json.loads(done.stdout)["approach"])


@pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")
@pytest.mark.parametrize("fmt", ["markdown", "json", "text"])
def test_a_reader_that_stops_reading_gets_a_quiet_exit(fmt: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as with `| true`
    with open(write_end, "wb") as closed_pipe:
        done = subprocess.run(
            _program("report", "--format", fmt),
            stdin=subprocess.DEVNULL,
            stdout=closed_pipe,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
    assert (141, "") == (done.returncode, done.stderr)
