"""The boundary the browser worker and the build hooks call: plain data in, plain data out.

PROVISIONAL STUB: signatures are the contract; bodies are replaced by the real engine.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

__all__ = ["default_result_html", "evaluate", "export", "form_html", "inputs_from_query"]


def form_html() -> str:
    """The calculator's form fields as HTML, generated from the input declaration."""
    return (
        '<form class="calc-form" id="calc-form" novalidate>'
        '<div class="calc-field" data-field="queries_per_day">'
        '<label for="f-queries_per_day">Queries per day</label>'
        '<input id="f-queries_per_day" name="queries_per_day" type="text" inputmode="numeric" value="1000"'
        ' aria-describedby="e-queries_per_day">'
        '<p class="calc-error" id="e-queries_per_day" role="alert" hidden></p>'
        "</div></form>"
    )


def evaluate(raw: Mapping[str, object], *, link_base: str = "../") -> dict[str, object]:
    """Validate raw form values (strings) and render the result.

    Returns {"ok": True, "html": str, "query": str, "errors": []}
    or {"ok": False, "html": None, "query": str, "errors": [{"field": str, "message": str}]}.
    """
    value = raw.get("queries_per_day", "1000")
    if not str(value).isdigit():
        return {
            "ok": False,
            "html": None,
            "query": "",
            "errors": [{"field": "queries_per_day", "message": "Enter a whole number."}],
        }
    return {
        "ok": True,
        "html": f'<section class="calc-result"><p>Recommendation: RAG at {int(value)} q/day</p></section>',
        "query": f"queries_per_day={int(value)}",
        "errors": [],
    }


def default_result_html(*, link_base: str = "../") -> str:
    """The result for the default inputs, rendered at build time (same bytes as in the browser)."""
    html = evaluate({}, link_base=link_base)["html"]
    assert isinstance(html, str)
    return html


def inputs_from_query(query: str) -> dict[str, object]:
    """Parse a URL query string into raw form values; report duplicated or unknown parameters.

    Returns {"values": {field: str}, "errors": [{"field", "message"}]}.
    """
    from urllib.parse import parse_qsl

    return {"values": dict(parse_qsl(query.lstrip("?"))), "errors": []}


def export(raw: Mapping[str, object], fmt: str) -> dict[str, str]:
    """An export of the result: fmt is "markdown", "json" or "csv".

    Returns {"filename": str, "mime": str, "text": str}; raises ValueError on invalid input.
    """
    return {"filename": "decision.json", "mime": "application/json", "text": json.dumps(dict(raw))}
