"""The worked examples page: every case opens the calculator with answers it accepts."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from calculator.web import inputs_from_query

pytestmark = pytest.mark.site


class _Cases(HTMLParser):
    """Each <h3> case in the page's article, with the calculator links that follow it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, list[str]] = {}
        self._case = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "h3" and values.get("id"):
            self._case = values["id"] or ""
            self.links[self._case] = []
        href = values.get("href") or ""
        if tag == "a" and self._case and urlsplit(href).path.endswith("calculator/"):
            self.links[self._case].append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":  # the footer's previous/next links are not part of a case
            self._case = ""


@pytest.fixture(scope="module")
def case_links(built_site: Path) -> dict[str, list[str]]:
    parser = _Cases()
    parser.feed((built_site / "examples" / "index.html").read_text(encoding="utf-8"))
    return parser.links


def test_every_case_has_exactly_one_calculator_link(case_links: dict[str, list[str]]) -> None:
    assert len(case_links) >= 10
    assert {case: len(links) for case, links in case_links.items() if len(links) != 1} == {}


def test_every_case_link_is_relative_and_carries_answers(case_links: dict[str, list[str]]) -> None:
    for links in case_links.values():
        parts = urlsplit(links[0])
        assert (parts.scheme, parts.netloc, parts.path) == ("", "", "../calculator/")
        assert parts.query != ""


def test_the_calculator_accepts_every_answer_in_every_case(
    case_links: dict[str, list[str]],
) -> None:
    for case, links in case_links.items():
        query = urlsplit(links[0]).query
        parsed = inputs_from_query(query)
        assert (case, parsed["errors"]) == (case, [])
        assert (case, parsed["values"]) == (case, dict(parse_qsl(query)))
