"""The bad-input corpus through the browser's two doors: typed into the form, and given in a
shared link. Each must show a message at the right field, keep the last valid result, run no
script (any dialog or console error fails) and leave the page working."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from calculator.inputs import FIELDS, _printable
from calculator.web import MAX_QUERY_LENGTH
from tests.bad_inputs import BadInput, BadLink, load_bad_inputs, load_bad_links

pytestmark = pytest.mark.browser

NUMBER_FIELDS = {field.name: field for field in FIELDS if field.kind == "int"}
# Only number fields are free text in the form; choices are selects and yes/no are checkboxes.
TYPED = [b for b in load_bad_inputs() if b.field in NUMBER_FIELDS and not b.json_only]
LINKED = [b for b in load_bad_inputs() if not b.json_only]
LINKS = load_bad_links()

# Any element in the calculator with an on* attribute means a payload became markup.
HANDLER_ATTRIBUTES = """() => [...document.querySelectorAll('#calc-app *')]
  .filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length"""


@pytest.fixture
def dialogs(page: Any) -> Iterator[list[str]]:
    """alert(), confirm() and prompt() calls: an injected script would make one."""
    opened: list[str] = []

    def record(dialog: Any) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    yield opened
    assert opened == [], f"a script ran: {opened}"


def _valid_value(field: str, index: int) -> str:
    """A valid answer that differs from the default and from the previous one."""
    default = int(str(NUMBER_FIELDS[field].default))
    return str(default + 1 + index)


def _repair_and_wait(page: Any, field: str, index: int) -> None:
    value = _valid_value(field, index)
    page.fill(f"#input-{field}", value)
    page.wait_for_url(lambda url: f"{field}={value}" in url, timeout=10_000)


def _typed_value_problems(page: Any, bad: BadInput, kept: str) -> list[str]:
    problems = []
    slot = f"#error-{bad.field}"
    message = page.inner_text(slot)
    if not message.endswith("."):
        problems.append(f"message {message!r}")
    if page.inner_html("#calc-result-region") != kept:
        problems.append("the last valid result was replaced")
    # A one-line text box drops line breaks; everything else typed must still be there.
    if page.input_value(f"#input-{bad.field}") != bad.text.replace("\n", "").replace("\r", ""):
        problems.append("the typed text was lost")
    if page.get_attribute(f"#input-{bad.field}", "aria-invalid") != "true":
        problems.append("the field is not marked invalid")
    if page.evaluate(HANDLER_ATTRIBUTES):
        problems.append("markup was injected")
    return problems


def test_every_bad_value_typed_into_the_form_is_caught_at_its_field(
    open_calculator: Any, dialogs: list[str]
) -> None:
    page = open_calculator()
    failures: dict[str, list[str]] = {}
    for index, bad in enumerate(TYPED):
        _repair_and_wait(page, bad.field, index)
        kept = page.inner_html("#calc-result-region")
        page.fill(f"#input-{bad.field}", bad.text)
        try:
            page.wait_for_selector(f"#error-{bad.field}:not([hidden])", timeout=5_000)
        except PlaywrightTimeoutError:  # recorded as this entry's failure; go on to the next
            failures[bad.id] = ["no message at the field"]
        else:
            if problems := _typed_value_problems(page, bad, kept):
                failures[bad.id] = problems
        # Put a valid answer back; the next entry's wait sees the whole form valid again.
        page.fill(f"#input-{bad.field}", _valid_value(bad.field, index))
    print(f"\nform door: {len(TYPED) - len(failures)} of {len(TYPED)} bad values caught")
    assert failures == {}


def _expect_message(page: Any, query: str, field: str) -> None:
    """The error for `field` is shown: at the field if the form has it, else above the form."""
    if len(query) > MAX_QUERY_LENGTH:
        field = "link"
    if field in {f.name for f in FIELDS}:
        slot = page.wait_for_selector(f"#error-{field}:not([hidden])", timeout=10_000)
        assert slot.inner_text().endswith(".")
    else:
        general = page.wait_for_selector("#calc-general-error:not([hidden])", timeout=10_000)
        assert f"{_printable(field) or '(a link parameter with no name)'}: " in general.inner_text()


def _check_page_still_works(page: Any, field: str) -> None:
    assert page.query_selector("#calc-result-region .calc-result") is not None
    assert not page.evaluate(HANDLER_ATTRIBUTES), "markup was injected"
    _repair_and_wait(page, field if field in NUMBER_FIELDS else "queries_per_day", 0)


# Servers refuse request lines much longer than this (ours at 64 kB, most hosts at 8 kB); a
# longer link is served the page by the test itself, as a lenient host would.
LONGEST_SERVED_QUERY = 8000


def _open_link(open_calculator: Any, page: Any, site_server: Any, query: str) -> Any:
    if len(query) > LONGEST_SERVED_QUERY:
        page_url = site_server.url("calculator/")
        page.route(
            lambda url: url.startswith(page_url + "?"),
            lambda route: route.fulfill(response=route.fetch(url=page_url)),
        )
    return open_calculator("?" + query)


@pytest.mark.parametrize("bad", LINKED, ids=[b.id for b in LINKED])
def test_a_bad_value_in_a_shared_link_is_caught_at_its_field(
    open_calculator: Any, page: Any, site_server: Any, dialogs: list[str], bad: BadInput
) -> None:
    query = urlencode({bad.field: bad.value}, quote_via=quote)
    page = _open_link(open_calculator, page, site_server, query)
    _expect_message(page, query, _printable(bad.field) if bad.unknown else bad.field)
    _check_page_still_works(page, bad.field)


@pytest.mark.parametrize("link", LINKS, ids=[link.id for link in LINKS])
def test_a_link_only_fault_is_caught(
    open_calculator: Any, dialogs: list[str], link: BadLink
) -> None:
    page = open_calculator("?" + link.query)
    _expect_message(page, link.query, link.field)
    _check_page_still_works(page, link.field)
