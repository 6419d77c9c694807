"""What the reader sees and hears on the calculator page: focus, the announced result, the chart,
tables, the phone summary, JavaScript off, print, and exports while a field is invalid."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from calculator import parse_answers
from calculator.costs import estimate_costs
from calculator.decision import recommend
from calculator.inputs import FIELDS
from calculator.render import SHORT_NAMES, announcement_text
from calculator.report import money_range
from tests.browser.conftest import READY

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MIN_FOCUS_CONTRAST = 3.0  # WCAG 1.4.11 for the focus indicator against its background
MIN_CHART_TEXT_PX = 11.0

# Counts every text the live region is given (the test reads it after the change settles).
WATCH_ANNOUNCEMENTS = """() => {
  const region = document.querySelector('#calc-announcement');
  window.__said = [];
  new MutationObserver(() => window.__said.push(region.textContent))
    .observe(region, {childList: true, characterData: true, subtree: true});
}"""

# The focused element's outline and the opaque colour behind it (translucent layers blended).
FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const layers = [];
  for (let n = e; n; n = n.parentElement) {
    const [r, g, b, a = 1] = getComputedStyle(n).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (a > 0) layers.push([r, g, b, a]);
    if (a === 1) break;
  }
  let bg = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) {
    bg = [r, g, b].map((c, i) => c * a + bg[i] * (1 - a));
  }
  return {id: e.id || e.textContent.trim().slice(0, 60), inApp: !!e.closest('#calc-app'),
          style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
          bg: `rgb(${bg.join(', ')})`};
}"""


def _luminance(css_colour: str) -> float:
    channels = [float(c) / 255 for c in re.findall(r"[\d.]+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def expected_announcement(answers: dict[str, object]) -> str:
    parsed = parse_answers(answers)
    return announcement_text(recommend(parsed), estimate_costs(parsed))


@pytest.fixture
def calculator_at(
    browser: Any, site_server: Any, console_errors: list[str]
) -> Iterator[Callable[..., Any]]:
    """A fresh page on the calculator at a viewport and palette, with the network guarded."""
    from tests.conftest import OffsiteRequests

    contexts: list[Any] = []
    guards: list[OffsiteRequests] = []

    def go(viewport: dict[str, int] = DESKTOP, scheme: str = "light", *, js: bool = True,
           query: str = "") -> Any:  # fmt: skip
        context = browser.new_context(
            viewport=viewport, color_scheme=scheme, java_script_enabled=js
        )
        guard = OffsiteRequests()
        context.route("**/*", guard.handle)
        contexts.append(context)
        guards.append(guard)
        page = context.new_page()
        page.on("pageerror", lambda exc: console_errors.append(str(exc)))
        page.goto(site_server.url("calculator/") + query)
        if js:
            page.wait_for_selector(READY, timeout=60_000)
        return page

    yield go
    for context in contexts:
        context.close()
    assert [] == [url for guard in guards for url in guard.urls]


# --- Focus and Tab order -------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_tab_walks_every_control_once_with_a_visible_focus_ring(
    calculator_at: Callable[..., Any], scheme: str
) -> None:
    page = calculator_at(scheme=scheme)
    page.focus(f"#input-{FIELDS[0].name}")
    stops = [page.evaluate(FOCUS_STYLE)]
    while stops[-1]["id"] != "calc-reset" and len(stops) < 60:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS_STYLE))
    # Every field, then the one list of guide links, then Reset: no per-field link in between.
    expected = page.eval_on_selector_all("#calc-form :is(input, select)", "es => es.map(e => e.id)")
    assert len(FIELDS) == len(expected)
    expected += ["Where each question comes from in the guide", "calc-reset"]
    assert expected == [s["id"] for s in stops]
    invisible = [
        s
        for s in stops
        if s["style"] == "none"
        or s["width"] < 2
        or contrast(s["colour"], s["bg"]) < MIN_FOCUS_CONTRAST
    ]
    assert [] == invisible


def test_the_guide_links_beside_the_fields_are_reachable_from_one_list(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at()
    page.focus(".calc-guide-index summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('href')")
    beside = page.eval_on_selector_all(
        ".calc-field .calc-guide-link", "links => links.map(a => a.getAttribute('href'))"
    )
    listed = page.eval_on_selector_all(
        ".calc-guide-index a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert beside == listed
    assert listed[0] == first


def test_reset_keeps_the_focus(calculator_at: Callable[..., Any]) -> None:
    page = calculator_at(query="?latency_critical=true")
    page.focus("#calc-reset")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search")
    assert "calc-reset" == page.evaluate("() => document.activeElement.id")


def test_retry_moves_the_focus_to_the_status_not_the_body(
    page: Any, context: Any, site_server: Any, offsite_requests: Any, console_errors: list[str]
) -> None:
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(site_server.url("calculator/"))
    page.wait_for_selector("#calc-app[data-state='error']", timeout=60_000)
    context.unroute("**/pyodide.asm.wasm")
    page.focus("#calc-retry")
    page.keyboard.press("Enter")
    page.wait_for_selector(READY, timeout=60_000)
    assert "calc-status-text" == page.evaluate("() => document.activeElement.id")
    console_errors.clear()  # the aborted request is logged by the browser itself


# --- The announcement ----------------------------------------------------------------------------


def test_a_change_is_announced_once_in_one_sentence_and_the_result_is_not_live(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at()
    assert page.get_attribute("#calc-result-region", "aria-live") is None
    assert "polite" == page.evaluate(
        "() => { const r = document.querySelector('#calc-announcement'); "
        "return r.getAttribute('role') === 'status' ? 'polite' : r.getAttribute('aria-live'); }"
    )
    page.evaluate(WATCH_ANNOUNCEMENTS)
    page.check("#input-latency_critical")  # fires input and change
    page.wait_for_function("() => window.__said.length > 0")
    page.keyboard.press("Tab")  # a change event with nothing new
    page.keyboard.press("Tab")
    page.wait_for_timeout(1500)  # longer than the announcement's delay: nothing more comes
    said = page.evaluate("() => window.__said")
    assert [expected_announcement({"latency_critical": True})] == said
    assert said[0] == page.get_attribute(".calc-result", "data-announcement")
    assert len(said[0]) < 200


def test_typing_a_number_is_announced_once_when_it_settles(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at()
    page.evaluate(WATCH_ANNOUNCEMENTS)
    page.fill("#input-queries_per_day", "")
    page.type("#input-queries_per_day", "50000", delay=40)
    page.wait_for_url("**queries_per_day=50000**")
    page.wait_for_timeout(1500)
    assert [expected_announcement({"queries_per_day": 50000})] == page.evaluate(
        "() => window.__said"
    )


def test_a_field_error_is_announced_with_its_label_and_message(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at()
    page.evaluate(WATCH_ANNOUNCEMENTS)
    page.fill("#input-queries_per_day", "10k")
    page.wait_for_function("() => window.__said.length > 0")
    [said] = page.evaluate("() => window.__said")
    assert "Queries per day" in said
    assert page.inner_text("#error-queries_per_day") in said
    assert said.endswith("The result shown is for your last valid answers.")


# --- Exports while a field is invalid -----------------------------------------------------------


def test_exports_say_why_they_are_unavailable_while_a_field_is_invalid(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at()
    page.fill("#input-training_examples", "lots")
    page.wait_for_selector("#calc-export-note:not([hidden])")
    assert "Exports are unavailable" in page.inner_text("#calc-export-note")
    assert "training examples" in page.inner_text("#calc-export-note").lower()
    for button in page.query_selector_all(".calc-export"):
        assert "true" == button.get_attribute("aria-disabled")
        assert "calc-export-note" == button.get_attribute("aria-describedby")
    page.fill("#input-training_examples", "3000")
    page.wait_for_selector("#calc-export-note", state="hidden")
    assert [None, None, None] == [
        b.get_attribute("aria-disabled") for b in page.query_selector_all(".calc-export")
    ]


# --- The chart and the tables --------------------------------------------------------------------

CHART_GEOMETRY = """() => {
  const svg = [...document.querySelectorAll('.calc-chart')].find(s => s.getClientRects().length);
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const column = document.querySelector('.calc-output').getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            px: parseFloat(t.getAttribute('font-size')) * scale};
  });
  return {layout: svg.classList[1], width: box.width, column: column.width,
          box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts};
}"""

CHART_CASES = {
    "defaults": "",
    # Break-even at about 3.7 million queries a day (Bedrock's provisioned model units): near
    # the right edge, so the label goes left.
    "break-even": "?provider=bedrock",
    "largest costs": "?queries_per_day=100000000&tokens_per_query=1000000&model_tier=flagship"
    "&document_tokens=1000000000000&knowledge_updates=daily&fine_tune_hosting=dedicated",
}


@pytest.mark.parametrize("case", CHART_CASES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_chart_fills_the_column_with_readable_labels_inside_it(
    calculator_at: Callable[..., Any], viewport: dict[str, int], case: str
) -> None:
    page = calculator_at(viewport, query=CHART_CASES[case])
    assert not page.is_visible("#calc-general-error") and not page.is_visible(
        ".calc-field .calc-error"
    )
    chart = page.evaluate(CHART_GEOMETRY)
    assert chart["width"] >= 0.95 * chart["column"]
    assert ("chart-wide" if viewport is DESKTOP else "chart-narrow") in chart["layout"]
    box = chart["box"]
    outside = [
        t["text"]
        for t in chart["texts"]
        if t["left"] < box["left"] - 0.5
        or t["right"] > box["right"] + 0.5
        or t["top"] < box["top"] - 0.5
        or t["bottom"] > box["bottom"] + 0.5
    ]
    assert [] == outside
    assert [] == [t["text"] for t in chart["texts"] if t["px"] < MIN_CHART_TEXT_PX]
    if case == "break-even":
        assert any(t["text"].startswith("break-even") for t in chart["texts"])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_cost_table_cells_are_padded_ruled_and_in_the_palette(
    calculator_at: Callable[..., Any], scheme: str
) -> None:
    page = calculator_at(scheme=scheme)
    cells = page.eval_on_selector_all(
        ".calc-cost-table :is(th, td)",
        """cells => cells.map(c => { const s = getComputedStyle(c); return {
             left: parseFloat(s.paddingLeft), right: parseFloat(s.paddingRight),
             rule: s.borderBottomStyle, colour: s.color}; })""",
    )
    body_colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.md-typeset')).color"
    )
    assert len(cells) == 4 * 4  # a header row and three approaches, four columns each
    assert all(c["left"] >= 8 and c["right"] >= 8 and c["rule"] == "solid" for c in cells)
    assert {body_colour} == {c["colour"] for c in cells}
    # Neighbouring figures do not run together: the gap between two cells' text is visible.
    gap = page.evaluate(
        """() => { const [a, b] = document.querySelectorAll('.calc-cost-table tbody tr td');
                   const range = n => { const r = document.createRange(); r.selectNodeContents(n);
                                        return r.getBoundingClientRect(); };
                   return range(b).left - range(a).right; }"""
    )
    assert gap >= 16


def test_a_hard_constraint_is_marked_with_an_icon_that_needs_no_emoji_font(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at(query="?deployment=air-gapped")
    icon = page.query_selector(".calc-warning.kind-constraint svg.calc-icon")
    assert icon is not None
    box = icon.bounding_box()
    assert box["width"] >= 12 and box["height"] >= 12
    assert "⛔" not in page.inner_text("#calc-result-region")


# --- Phones --------------------------------------------------------------------------------------


def test_on_a_phone_the_current_result_stays_in_view_while_editing(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at(PHONE)
    page.fill("#input-queries_per_day", "50000")
    page.wait_for_url("**queries_per_day=50000**")
    field = page.query_selector("#input-queries_per_day").bounding_box()
    summary = page.query_selector("#calc-mobile-summary").bounding_box()
    assert summary is not None
    assert 0 <= summary["y"] and summary["y"] + summary["height"] <= PHONE["height"]
    assert field["y"] + field["height"] <= summary["y"]  # the field being edited is not covered
    answers = parse_answers({"queries_per_day": 50000})
    est = estimate_costs(answers)
    text = page.inner_text("#calc-mobile-summary")
    assert f"{SHORT_NAMES[recommend(answers).approach]} recommended" in text
    assert all(money_range(est.monthly[k]) in text for k in est.monthly)
    page.click("#calc-mobile-summary a")
    page.wait_for_function(
        "() => { const r = document.querySelector('#calc-approach').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }"
    )


def test_on_a_desktop_the_phone_summary_is_not_shown(calculator_at: Callable[..., Any]) -> None:
    page = calculator_at(DESKTOP)
    assert not page.is_visible("#calc-mobile-summary")


# --- JavaScript off, and print ------------------------------------------------------------------


def test_without_javascript_inputs_are_disabled_under_one_notice(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at(js=False)
    controls = page.query_selector_all("#calc-form :is(input, select)")
    assert len(controls) == len(FIELDS)
    assert all(c.is_disabled() for c in controls)
    notices = [n for n in page.query_selector_all(".calc-noscript, .calc-status") if n.is_visible()]
    assert 1 == len(notices)
    assert "JavaScript is off" in notices[0].inner_text()


def test_with_javascript_the_inputs_are_enabled(calculator_at: Callable[..., Any]) -> None:
    page = calculator_at()
    assert not any(
        c.is_disabled() for c in page.query_selector_all("#calc-form :is(input, select)")
    )


def test_printing_gives_the_decision_without_buttons_or_navigation(
    calculator_at: Callable[..., Any],
) -> None:
    page = calculator_at(
        query="?deployment=edge&stage=production&knowledge_updates=rarely&training_examples=5000"
    )
    page.emulate_media(media="print")
    hidden = [
        "#calc-reset",
        ".calc-export",
        "#calc-status",
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".calc-guide-index",
        "#calc-mobile-summary",
    ]
    assert [] == [s for s in hidden if page.is_visible(s)]
    shown = [
        "#calc-form",  # the answers
        "#input-deployment",
        "#calc-approach",  # the recommendation
        ".calc-reasons",
        ".calc-cost-table",
        ".calc-chart-wide",
        ".calc-chart-table",  # the figures behind the chart
    ]
    assert [] == [s for s in shown if not page.is_visible(s)]
    assert "Fine-tuning" in page.inner_text("#calc-approach")


# --- The guide pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_hybrid_flow_fits_the_page_width_and_reads_in_order(
    page: Any, site_server: Any, offsite_requests: Any, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    page.goto(site_server.url("hybrid/"))
    steps = page.eval_on_selector_all(
        "ol.hybrid-flow > li",
        "items => items.map(li => { const r = li.getBoundingClientRect();"
        " const t = document.createRange(); t.selectNodeContents(li);"
        " const tr = t.getBoundingClientRect();"
        " return {text: li.innerText, left: r.left, right: r.right,"
        " clipped: tr.left < r.left || tr.right > r.right}; })",
    )
    assert ["Question", "Answer"] == [steps[0]["text"], steps[-1]["text"]]
    assert 5 == len(steps)
    content = page.query_selector(".md-content__inner").bounding_box()
    assert all(
        content["x"] <= s["left"] and s["right"] <= content["x"] + content["width"] + 0.5
        for s in steps
    )
    assert not any(s["clipped"] for s in steps)
    assert page.query_selector("#how-hybrid-works ~ pre") is None  # no ASCII art left


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_phone_layout_has_no_serious_accessibility_violations(
    calculator_at: Callable[..., Any], scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = calculator_at(PHONE, scheme)
    page.fill("#input-queries_per_day", "10k")  # an error, the export note and the summary shown
    page.wait_for_selector("#calc-export-note:not([hidden])")
    assert page.is_visible("#calc-mobile-summary")
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']}: {[n['target'][0] for n in v['nodes'][:5]]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
    assert [] == serious
