"""The Markdown decision record: what a team needs to file it, read back by parsing it."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest

from calculator import load_assumptions, parse_answers
from calculator.cli import run
from calculator.presets import preset_by_id
from calculator.providers import load_providers
from calculator.report import answer_text, markdown_report, quantity
from calculator.web import export, inputs_from_query

SITE = "https://pages.example.test/guide/"
PAGE = SITE + "calculator/"
LEGAL = preset_by_id("legal-assistant").parsed()


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


def cli(args: list[str], environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(args, _Stdin(""), out, err, environ=environ or {})
    return status, out.getvalue(), err.getvalue()


def header(record: str) -> dict[str, str]:
    """The record's `| Field | Value |` table, as a dict."""
    block = record.split("| Field | Value |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split(" | ", 1) for line in block.splitlines()]
    return {name.strip(): value.strip() for name, value in rows}


def links(record: str) -> list[str]:
    return re.findall(r"\]\(([^)]+)\)", record) + re.findall(r"<(https?://[^>]+)>", record)


def test_record_header_has_date_version_link_and_team_fields() -> None:
    fields = header(markdown_report(LEGAL, link_base=SITE, date="2026-11-25", page_url=PAGE))
    assert ["Date", "Status", "Owner", "Decision date", "Assumptions version", "Reproduce"] == list(
        fields
    )
    assert "2026-11-25" == fields["Date"]
    for team_field in ("Status", "Owner", "Decision date"):
        assert "to fill in" in fields[team_field]


def test_assumptions_version_is_the_newest_as_of_date_and_a_data_hash() -> None:
    dates = [f.as_of for f in load_assumptions().figures.values()]
    for provider in load_providers():
        dates += [provider.as_of, *(f.as_of for _, f in provider.figures())]
    version = header(markdown_report(LEGAL, date="2026-11-25"))["Assumptions version"]
    assert re.fullmatch(rf"{max(dates)} \(data [0-9a-f]{{12}}\)", version), version


def test_reproduce_link_opens_the_same_answers() -> None:
    record = markdown_report(LEGAL, link_base=SITE, date="2026-11-25", page_url=PAGE)
    link = header(record)["Reproduce"].strip("<>")
    parts = urlsplit(link)
    assert PAGE == f"{parts.scheme}://{parts.netloc}{parts.path}"
    opened = inputs_from_query(parts.query)
    assert [] == opened["errors"]
    assert LEGAL == parse_answers(opened["values"])


def test_every_link_in_the_record_is_absolute_under_the_site() -> None:
    found = links(markdown_report(LEGAL, link_base=SITE, date="2026-11-25", page_url=PAGE))
    assert found
    assert [] == [link for link in found if not link.startswith(SITE)]


def test_without_a_site_url_the_record_says_so_and_has_no_relative_links() -> None:
    record = markdown_report(LEGAL, date="2026-11-25")
    assert "no site URL was given" in header(record)["Reproduce"]
    assert [] == links(record)
    assert "`when-rag-wins/#source-attribution`" in record  # the guide section, in words


@pytest.mark.parametrize(
    ("number", "unit", "expected"),
    [
        (1, "domains", "1 domain"),
        (2, "domains", "2 domains"),
        (1, "examples", "1 example"),
        (1, "queries/day", "1 query/day"),
        (1000, "queries/day", "1,000 queries/day"),
        (1, "USD/hour", "1 USD/hour"),
    ],
)
def test_counts_are_singular_for_one(number: int, unit: str, expected: str) -> None:
    assert expected == quantity(number, unit)


def test_record_says_1_domain() -> None:
    record = markdown_report(parse_answers({"domain_count": 1}), date="2026-11-25")
    assert "| Specialised domains to serve | 1 domain |" in record
    assert "1 domains" not in record
    assert "1 example" == answer_text("training_examples", 1)


# --- The CLI's record ------------------------------------------------------------------------


def test_cli_record_uses_the_given_date_and_site_url() -> None:
    status, out, _ = cli(["report", "--date", "2027-01-06", "--site-url", SITE.rstrip("/")])
    fields = header(out)
    assert 0 == status
    assert "2027-01-06" == fields["Date"]
    assert fields["Reproduce"].startswith(f"<{PAGE}")
    assert [] == [link for link in links(out) if not link.startswith(SITE)]


def test_cli_record_takes_the_site_url_from_the_environment() -> None:
    _, out, _ = cli(["report", "--date", "2026-11-25"], {"SITE_URL": SITE})
    assert header(out)["Reproduce"].startswith(f"<{PAGE}")


def test_cli_record_is_dated_today_by_default() -> None:
    before = datetime.date.today().isoformat()
    _, out, _ = cli(["report"])
    after = datetime.date.today().isoformat()
    assert header(out)["Date"] in {before, after}
    assert "no site URL was given" in header(out)["Reproduce"]


@pytest.mark.parametrize(
    ("args", "field", "flag"),
    [
        (["--date", "2026-02-30"], "date", "--date"),
        (["--date", "25/11/2026"], "date", "--date"),
        (["--site-url", "pages.example.test"], "site_url", "--site-url"),
    ],
)
def test_cli_record_rejects_a_bad_date_or_site_url_naming_the_flag(
    args: list[str], field: str, flag: str
) -> None:
    status, out, err = cli(["report", *args])
    assert (2, "") == (status, out)
    assert err.startswith(f"error: {flag} ({field}): ")


def test_recommend_markdown_is_the_recommendation_part_only() -> None:
    _, out, _ = cli(["recommend", "--format", "markdown", "--domain-count", "3"])
    assert out.startswith("**Recommendation: RAG.**")
    assert "## Reasons" in out
    for other in ("# Decision record", "## Costs", "## Answers", "## Assumptions"):
        assert other not in out


def test_costs_markdown_is_the_costs_part_only() -> None:
    _, out, _ = cli(["costs", "--format", "markdown"])
    assert out.startswith("## Costs")
    for other in ("# Decision record", "Recommendation", "## Reasons", "## Assumptions"):
        assert other not in out


# --- The browser's record (calculator.web.export, as the worker calls it) --------------------


def test_browser_export_passes_the_date_and_the_pages_address_through() -> None:
    result = export(LEGAL.as_dict(), "markdown", link_base=SITE, date="2026-11-25", page_url=PAGE)
    fields = header(str(result["text"]))
    assert "2026-11-25" == fields["Date"]
    assert fields["Reproduce"].startswith(f"<{PAGE}?")


def test_browser_export_rejects_a_malformed_date() -> None:
    result = export({}, "markdown", date="tomorrow")
    assert [
        {"field": "date", "message": "Give the date as YYYY-MM-DD, e.g. 2026-11-25."}
    ] == result["errors"]
