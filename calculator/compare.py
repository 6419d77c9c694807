"""Two scenarios side by side: a pinned one and the live one, both computed by the engine.

`compare_html` is escaped HTML, deterministic (the same bytes at build time, on the CLI and in
the browser); the page shows it above the live result while a scenario is pinned.
"""

from __future__ import annotations

from html import escape

from .assumptions import Range
from .costs import CostEstimate, estimate_costs
from .decision import APPROACH_NAMES, APPROACHES, Recommendation, recommend
from .inputs import FIELDS, Answers
from .report import answer_text, money, money_range, section_title

__all__ = ["compare_html", "differing_answers", "mid_difference"]


def differing_answers(pinned: Answers, live: Answers) -> list[tuple[str, str, str]]:
    """(question, pinned answer, live answer) for every answer that differs, in form order."""
    return [
        (
            f.label,
            answer_text(f.name, getattr(pinned, f.name)),
            answer_text(f.name, getattr(live, f.name)),
        )
        for f in FIELDS
        if getattr(pinned, f.name) != getattr(live, f.name)
    ]


def mid_difference(pinned: Range, live: Range) -> float:
    """Live minus pinned at mid-range prices: one signed figure for a change of a range."""
    return live.mid - pinned.mid


def _signed(amount: float) -> str:
    if round(amount, 2) == 0:
        return "no change"
    sign = "+" if amount > 0 else "−"
    return f"{sign}{money(abs(amount))}"


def _cost_table(kind: str, pinned: dict[str, Range], live: dict[str, Range]) -> str:
    """One period's costs per approach; no class on the table, so the theme styles it."""
    rows = "".join(
        f'<tr data-approach="{k}" data-kind="{escape(kind)}">'
        f'<th scope="row">{escape(APPROACH_NAMES[k])}</th>'
        f"<td>{escape(money_range(pinned[k]))}</td><td>{escape(money_range(live[k]))}</td>"
        f"<td>{escape(_signed(mid_difference(pinned[k], live[k])))}</td></tr>"
        for k in APPROACHES
    )
    return (
        f"<table><caption>{escape(kind.capitalize())} cost (US dollars)</caption><thead><tr>"
        '<th scope="col">Approach</th><th scope="col">Pinned</th><th scope="col">Current</th>'
        f'<th scope="col">Change</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _reason_list(title: str, texts: list[tuple[str, str]], side: str, link_base: str) -> str:
    if not texts:
        return ""
    items = "".join(
        f'<li>{escape(text)} <a href="{escape(link_base + section)}">'
        f"{escape(section_title(section))}</a></li>"
        for text, section in texts
    )
    return (
        f'<div class="calc-compare-reasons" data-side="{side}">'
        f"<h4>{escape(title)}</h4><ul>{items}</ul></div>"
    )


def _reasons_only_in(first: Recommendation, second: Recommendation) -> list[tuple[str, str]]:
    others = {r.text for r in second.reasons}
    return [(r.text, r.section) for r in first.reasons if r.text not in others]


def compare_html(pinned: Answers, live: Answers, *, link_base: str = "../") -> str:
    """The pinned and the live scenario side by side: approach, answers and reasons that
    differ, monthly and first-year costs per approach, and the difference at mid-range prices."""
    rec = {"pinned": recommend(pinned), "live": recommend(live)}
    est: dict[str, CostEstimate] = {"pinned": estimate_costs(pinned), "live": estimate_costs(live)}
    changed = differing_answers(pinned, live)
    same = rec["pinned"].approach == rec["live"].approach
    verdict = (
        "Both scenarios get the same recommendation."
        if same
        else f"The recommendation changes from {APPROACH_NAMES[rec['pinned'].approach]} "
        f"to {APPROACH_NAMES[rec['live'].approach]}."
    )
    if changed:
        answers = "".join(
            f'<tr><th scope="row">{escape(q)}</th><td>{escape(a)}</td><td>{escape(b)}</td></tr>'
            for q, a, b in changed
        )
        answers_part = (
            "<table><caption>Answers that differ</caption>"
            '<thead><tr><th scope="col">Question</th><th scope="col">Pinned</th>'
            f'<th scope="col">Current</th></tr></thead><tbody>{answers}</tbody></table>'
        )
    else:
        answers_part = (
            '<p class="calc-compare-same">The current answers are the pinned ones: change any '
            "answer to compare.</p>"
        )
    costs = (
        _cost_table("monthly", est["pinned"].monthly, est["live"].monthly)
        + _cost_table("first year", est["pinned"].first_year, est["live"].first_year)
        + '<p class="calc-compare-note">Change: current minus pinned, at mid-range prices.</p>'
    )
    reasons = _reason_list(
        "Reasons only in the pinned scenario",
        _reasons_only_in(rec["pinned"], rec["live"]),
        "pinned",
        link_base,
    ) + _reason_list(
        "Reasons only in the current scenario",
        _reasons_only_in(rec["live"], rec["pinned"]),
        "live",
        link_base,
    )
    pinned_name = escape(APPROACH_NAMES[rec["pinned"].approach])
    live_name = escape(APPROACH_NAMES[rec["live"].approach])
    return (
        f'<section class="calc-compare-result" data-pinned-approach="{rec["pinned"].approach}" '
        f'data-live-approach="{rec["live"].approach}" aria-labelledby="calc-compare-title">'
        '<h3 id="calc-compare-title">Pinned and current scenario</h3>'
        f'<p class="calc-compare-verdict"><strong>Pinned:</strong> <span data-side="pinned">'
        f"{pinned_name}</span>. <strong>Current:</strong> "
        f'<span data-side="live">{live_name}</span>. {escape(verdict)}</p>'
        f"{answers_part}{costs}{reasons}</section>"
    )
