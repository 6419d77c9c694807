"""The calculator's HTML (form, status, toolbar and the default result), rendered by the same
Python the browser runs, so the page is complete before Python loads.

The page tells the browser where its runtime files are (data-runtime, data-wheel,
data-snapshot): their names carry content hashes, so only the built page knows them.
"""

from __future__ import annotations

from sitebuild.head import runtime_attributes
from sitebuild.paths import import_engine_from_checkout
from sitebuild.pipeline import Artifacts


def render_app(artifacts: Artifacts, link_base: str = "../") -> str:
    """The calculator's whole HTML; `link_base` leads from the page to the site's root."""
    import_engine_from_checkout()
    from calculator.web import default_result_html, form_html

    exports = "".join(
        f'<button type="button" class="md-button calc-export" data-format="{fmt}" disabled>'
        f"{label}</button>"
        for fmt, label in (("markdown", "Decision record (.md)"), ("json", "JSON"), ("csv", "CSV"))
    )
    data = runtime_attributes(artifacts, link_base)
    return (
        f'<div id="calc-app" class="calc" data-state="static" {data}>'
        '<div class="calc-status" id="calc-status">'
        '<p class="calc-status-text" id="calc-status-text" role="status">Showing the result '
        "for the default answers. The live calculator needs JavaScript.</p>"
        '<progress id="calc-progress" max="100" value="0" hidden>0%</progress>'
        '<button type="button" class="md-button" id="calc-retry" hidden>Retry</button></div>'
        '<div class="calc-layout"><div class="calc-inputs">'
        f"{form_html(link_base=link_base)}"
        '<div class="calc-toolbar" role="group" aria-label="Share and export">'
        '<button type="button" class="md-button" id="calc-reset" disabled>Reset</button>'
        '<button type="button" class="md-button" id="calc-copy-link" disabled>Copy link</button>'
        f"{exports}</div></div>"
        '<div class="calc-output"><p class="calc-error" id="calc-general-error" hidden></p>'
        '<div id="calc-result-region" aria-live="polite">'
        f"{default_result_html(link_base=link_base)}</div></div></div></div>"
    )
