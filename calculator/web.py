"""The boundary the browser worker and the build hooks call: plain data in, plain data out.

The worker imports this module and calls these functions; results are dicts of str/bool/list
so they cross into JavaScript without proxies to manage.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from html import escape
from urllib.parse import parse_qsl, urlencode

from .compare import compare_html
from .inputs import (
    FIELDS,
    FIELDS_BY_NAME,
    Field,
    FieldError,
    InputError,
    normalised_text,
    parse_answers,
)
from .presets import Preset, load_presets, preset_by_id, preset_groups
from .render import result_html
from .report import (
    DATE_MESSAGE,
    answers_query,
    csv_report,
    full_json,
    markdown_report,
    section_title,
    valid_date,
)

__all__ = [
    "PIN_PARAMETER",
    "compare",
    "default_result_html",
    "evaluate",
    "export",
    "form_html",
    "inputs_from_query",
    "preset_markdown",
    "preset_query",
    "presets_html",
]

MAX_QUERY_LENGTH = 4096  # a shared link is far shorter; anything longer is not ours
# A comparison's link: `?<live answers>&pin=<the pinned answers' query, URL-encoded>`.
PIN_PARAMETER = "pin"
# Parameters in a page's address that are not answers: Material for MkDocs puts the search
# term in `h` to highlight it on the page a search result opens; `pin` is a comparison's.
NOT_INPUTS = frozenset({"h", PIN_PARAMETER})


def _control(field: Field) -> str:
    name, ids = escape(field.name), f"help-{field.name} error-{field.name}"
    if field.kind == "bool":
        checked = " checked" if field.default else ""
        return (
            f'<input type="checkbox" id="input-{name}" name="{name}" value="true"'
            f'{checked} aria-describedby="{ids}">'
        )
    if field.kind == "choice":
        labels = dict(field.choices)

        def option(value: str) -> str:
            selected = " selected" if value == field.default else ""
            return f'<option value="{escape(value)}"{selected}>{escape(labels[value])}</option>'

        groups = field.choice_groups or (("", tuple(labels)),)
        options = "".join(
            f'<optgroup label="{escape(group)}">{"".join(map(option, values))}</optgroup>'
            if group
            else "".join(map(option, values))
            for group, values in groups
        )
        return (
            f'<select id="input-{name}" name="{name}" aria-describedby="{ids}">{options}</select>'
        )
    unit = f'<span class="calc-unit">{escape(field.unit)}</span>' if field.unit else ""
    return (
        f'<input type="text" inputmode="numeric" autocomplete="off" spellcheck="false" '
        f'id="input-{name}" name="{name}" value="{field.default}" '
        f'aria-describedby="{ids}">{unit}'
    )


def _field(field: Field, link_base: str) -> str:
    name = escape(field.name)
    label = f'<label for="input-{name}">{escape(field.label)}</label>'
    control = _control(field)
    first, second = (control, label) if field.kind == "bool" else (label, control)
    # Out of the Tab order (17 stops between the fields and Reset): the keyboard reaches the
    # same links in one stop, through the list after the form (_guide_index).
    guide = (
        f'<a class="calc-guide-link" href="{escape(link_base + field.section)}" tabindex="-1">'
        f"Guide: {escape(section_title(field.section))}</a>"
    )
    return (
        f'<div class="calc-field kind-{field.kind}" id="field-{name}">'
        f'<div class="calc-control">{first}{second}</div>'
        f'<p class="calc-help" id="help-{name}">{escape(field.help)} {guide}</p>'
        f'<p class="calc-error" id="error-{name}" hidden></p></div>'
    )


def form_html(*, link_base: str = "../") -> str:
    """The calculator's form, generated from the input declaration (one fieldset per group)."""
    groups: dict[str, list[Field]] = {}
    for field in FIELDS:
        groups.setdefault(field.group, []).append(field)
    # Disabled until the page's script enables them: without JavaScript they would do nothing.
    fieldsets = "".join(
        f'<fieldset class="calc-group" disabled><legend>{escape(group)}</legend>'
        f"{''.join(_field(f, link_base) for f in members)}</fieldset>"
        for group, members in groups.items()
    )
    return (
        f'<form class="calc-form" id="calc-form" novalidate>{fieldsets}'
        f"{_guide_index(link_base)}</form>"
    )


def _guide_index(link_base: str) -> str:
    """Each question's guide section, one Tab stop away (the links beside the fields are not
    in the Tab order)."""
    items = "".join(
        f'<li><a href="{escape(link_base + field.section)}">{escape(field.label)}</a> '
        f"({escape(section_title(field.section))})</li>"
        for field in FIELDS
    )
    return (
        '<details class="calc-guide-index"><summary>Where each question comes from in the '
        f"guide</summary><ul>{items}</ul></details>"
    )


def _errors(errors: list[FieldError]) -> list[dict[str, str]]:
    return [e.as_dict() for e in errors]


def evaluate(raw: Mapping[str, object], *, link_base: str = "../") -> dict[str, object]:
    """Validate raw form values and render the result, or report every invalid field."""
    try:
        answers = parse_answers(raw)
    except InputError as exc:
        return {"ok": False, "html": None, "query": "", "errors": _errors(exc.errors)}
    return {
        "ok": True,
        "html": result_html(answers, link_base=link_base),
        "query": answers_query(answers),
        "errors": [],
    }


def default_result_html(*, link_base: str = "../") -> str:
    """The result for the default inputs, rendered at build time (same bytes as in the browser)."""
    html = evaluate({}, link_base=link_base)["html"]
    assert isinstance(html, str)
    return html


def inputs_from_query(query: str) -> dict[str, object]:
    """Form values from a URL query, normalised as the engine reads them (so a select shows
    " flagship" as "flagship"); unknown, repeated or oversized parameters are errors, and a
    value the engine rejects is passed on as it was, next to its error."""
    query = query.removeprefix("?")
    if len(query) > MAX_QUERY_LENGTH:
        return {
            "values": {},
            "errors": [
                {
                    "field": "link",
                    "message": "This link is too long to "
                    "be a calculator link; the defaults are shown.",
                }
            ],
        }
    values: dict[str, str] = {}
    errors: list[FieldError] = []
    for name, value in parse_qsl(query, keep_blank_values=True, errors="replace"):
        if name in NOT_INPUTS:
            continue
        if name in values:
            errors.append(
                FieldError(
                    field=name,
                    message="The link gives this answer more than once; the first value is used.",
                )
            )
        else:
            values[name] = value
    try:
        parse_answers(values)
    except InputError as exc:  # unknown names and invalid values, each named
        errors.extend(exc.errors)
    known = {name: value for name, value in values.items() if name in FIELDS_BY_NAME}
    for name, value in known.items():
        with contextlib.suppress(ValueError):  # reported above; the reader sees the link's text
            known[name] = normalised_text(FIELDS_BY_NAME[name], value)
    return {"values": known, "errors": _errors(errors)}


EXPORTS = {
    "markdown": ("decision-record.md", "text/markdown"),
    "json": ("decision.json", "application/json"),
    "csv": ("decision.csv", "text/csv"),
}


def export(
    raw: Mapping[str, object],
    fmt: str,
    *,
    link_base: str = "",
    date: str = "",
    page_url: str = "",
) -> dict[str, object]:
    """A download of the result: the Markdown decision record, JSON or CSV.

    The browser passes the site's root (`link_base`), the calculator page's address
    (`page_url`) and today's date (`date`, YYYY-MM-DD) so the record's links are absolute."""
    if date and not valid_date(date):
        return {"ok": False, "errors": [{"field": "date", "message": DATE_MESSAGE}]}
    if fmt not in EXPORTS:
        return {
            "ok": False,
            "errors": [{"field": "format", "message": "Choose markdown, json or csv."}],
        }
    try:
        answers = parse_answers(raw)
    except InputError as exc:
        return {"ok": False, "errors": _errors(exc.errors)}
    text = {
        "markdown": lambda: markdown_report(
            answers, link_base=link_base, date=date, page_url=page_url
        ),
        "json": lambda: json.dumps(full_json(answers), indent=2, ensure_ascii=False) + "\n",
        "csv": lambda: csv_report(answers),
    }[fmt]()
    filename, mime = EXPORTS[fmt]
    return {"ok": True, "filename": filename, "mime": mime, "text": text}


# --- Presets: the guide's examples as plain calculator links ----------------------------------


def preset_query(pid: str) -> str:
    """The query string the page would write for a preset's answers."""
    return answers_query(preset_by_id(pid).parsed())


def presets_html(*, link_base: str = "../") -> str:
    """The presets for the calculator page: links to `?<answers>`, each described, in a
    collapsed list above the form, one labelled list per group (the examples page's sections)."""

    def item(p: Preset) -> str:
        return (
            f'<li><a data-preset="{escape(p.id)}" href="?{escape(preset_query(p.id))}">'
            f"{escape(p.title)}</a>: {escape(p.description)} "
            f'<a class="calc-preset-source" href="{escape(link_base + p.section)}">'
            f"Guide: {escape(section_title(p.section))}</a></li>"
        )

    groups = "".join(
        f'<p class="calc-preset-group" id="presets-group-{number}">{escape(group)}</p>'
        f'<ul aria-labelledby="presets-group-{number}">{"".join(map(item, presets))}</ul>'
        for number, (group, presets) in enumerate(preset_groups(), start=1)
    )
    count = len(load_presets())
    # Closed by default: one line above the form; the examples are a way in, not the page.
    return (
        '<details class="calc-presets" id="presets">'
        f"<summary>Start from one of the guide's {count} examples</summary>"
        f"{groups}</details>"
    )


def preset_markdown(pid: str, *, calculator_page: str = "calculator.md") -> str:
    """A guide page's link to a preset (Markdown, relative to the docs folder's pages)."""
    preset = preset_by_id(pid)
    return (
        f"[Open this example in the calculator: {preset.title}]"
        f"({calculator_page}?{preset_query(pid)})"
    )


# --- Compare: a pinned scenario next to the live one -------------------------------------------


def _answers_from_query(query: str) -> dict[str, str]:
    return {
        name: value
        for name, value in parse_qsl(query.removeprefix("?"), keep_blank_values=True)
        if name != PIN_PARAMETER
    }


def _pin_error(message: str) -> dict[str, object]:
    error = {"field": PIN_PARAMETER, "message": message}
    return {"ok": False, "html": None, "query": "", "errors": [error]}


def compare(
    pinned_query: str, raw: Mapping[str, object], *, link_base: str = "../"
) -> dict[str, object]:
    """The pinned scenario (a query string, as the page writes it) next to the live answers.

    Returns the comparison's HTML and the page's whole query: the live answers, then `pin=`
    with the pinned answers' query URL-encoded, so a link reproduces both columns."""
    if len(pinned_query) > MAX_QUERY_LENGTH:
        return _pin_error("The pinned scenario in this link is too long; it is ignored.")
    try:
        pinned = parse_answers(_answers_from_query(pinned_query))
    except InputError as exc:
        problems = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        return _pin_error(f"The pinned scenario in this link is not valid ({problems}); ignored.")
    try:
        live = parse_answers(raw)
    except InputError as exc:
        return {"ok": False, "html": None, "query": "", "errors": _errors(exc.errors)}
    pinned_text = answers_query(pinned)
    live_text = answers_query(live)
    query = "&".join(part for part in (live_text, urlencode({PIN_PARAMETER: pinned_text})) if part)
    return {
        "ok": True,
        "html": compare_html(pinned, live, link_base=link_base),
        "query": query,
        "pinned_query": pinned_text,
        "errors": [],
    }
