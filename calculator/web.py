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

from .inputs import (
    FIELDS,
    FIELDS_BY_NAME,
    Field,
    FieldError,
    InputError,
    normalised_text,
    parse_answers,
    text_value,
)
from .render import result_html
from .report import csv_report, full_json, markdown_report, section_title

__all__ = ["default_result_html", "evaluate", "export", "form_html", "inputs_from_query"]

MAX_QUERY_LENGTH = 4096  # a shared link is far shorter; anything longer is not ours
# Parameters other software adds to a page's address, not answers: Material for MkDocs puts the
# search term in `h` to highlight it on the page a search result opens.
NOT_INPUTS = frozenset({"h"})


def _control(field: Field) -> str:
    name, ids = escape(field.name), f"help-{field.name} error-{field.name}"
    if field.kind == "bool":
        checked = " checked" if field.default else ""
        return (
            f'<input type="checkbox" id="input-{name}" name="{name}" value="true"'
            f'{checked} aria-describedby="{ids}">'
        )
    if field.kind == "choice":
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == field.default else ""}>'
            f"{escape(label)}</option>"
            for value, label in field.choices
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
    guide = (
        f'<a class="calc-guide-link" href="{escape(link_base + field.section)}">'
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
    fieldsets = "".join(
        f'<fieldset class="calc-group"><legend>{escape(group)}</legend>'
        f"{''.join(_field(f, link_base) for f in members)}</fieldset>"
        for group, members in groups.items()
    )
    return f'<form class="calc-form" id="calc-form" novalidate>{fieldsets}</form>'


def _errors(errors: list[FieldError]) -> list[dict[str, str]]:
    return [e.as_dict() for e in errors]


def evaluate(raw: Mapping[str, object], *, link_base: str = "../") -> dict[str, object]:
    """Validate raw form values and render the result, or report every invalid field."""
    try:
        answers = parse_answers(raw)
    except InputError as exc:
        return {"ok": False, "html": None, "query": "", "errors": _errors(exc.errors)}
    changed = {
        f.name: text_value(getattr(answers, f.name))
        for f in FIELDS
        if getattr(answers, f.name) != f.default
    }
    return {
        "ok": True,
        "html": result_html(answers, link_base=link_base),
        "query": urlencode(changed),
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


def export(raw: Mapping[str, object], fmt: str, *, link_base: str = "") -> dict[str, object]:
    """A download of the result: the Markdown decision record, JSON or CSV."""
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
        "markdown": lambda: markdown_report(answers, link_base=link_base),
        "json": lambda: json.dumps(full_json(answers), indent=2, ensure_ascii=False) + "\n",
        "csv": lambda: csv_report(answers),
    }[fmt]()
    filename, mime = EXPORTS[fmt]
    return {"ok": True, "filename": filename, "mime": mime, "text": text}
