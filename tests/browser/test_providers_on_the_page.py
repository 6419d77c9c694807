"""The provider choice and the cost of ownership, as a reader meets them on the calculator page."""

from __future__ import annotations

from typing import Any

import pytest

from calculator.web import evaluate
from tests.browser.conftest import normalised

pytestmark = pytest.mark.browser

RESULT = "#calc-result-region"


def _shows_the_engines_result(page: Any, answers: dict[str, str]) -> None:
    expected = normalised(page, str(evaluate(answers)["html"]))
    page.wait_for_function(
        "h => document.querySelector('#calc-result-region').innerHTML === h", arg=expected
    )


def test_choosing_a_provider_prices_the_result_with_it(open_calculator: Any) -> None:
    page = open_calculator()
    page.select_option("#input-provider", "azure-openai")
    _shows_the_engines_result(page, {"provider": "azure-openai"})
    text = page.inner_text(RESULT)
    assert "Priced with Azure OpenAI (hourly hosting)" in text
    for heading in ("Per month", "One-off", "First year", "Time added before the first word"):
        assert heading in text
    page.click("details.calc-breakdown.cost-fine-tuning summary")
    assert "Hosting fee per deployed model (hourly)" in page.inner_text(
        "details.calc-breakdown.cost-fine-tuning"
    )


def test_the_provider_choice_is_grouped_hosted_and_self_hosted(open_calculator: Any) -> None:
    page = open_calculator()
    groups = page.eval_on_selector_all(
        "#input-provider optgroup", "gs => gs.map(g => [g.label, g.children.length])"
    )
    assert ["Hosted", "On your own hardware"] == [label for label, _ in groups]
    assert all(count >= 1 for _, count in groups)


def test_a_hosted_provider_offline_is_flagged_on_the_provider_field(open_calculator: Any) -> None:
    page = open_calculator("?provider=openai")
    page.select_option("#input-deployment", "air-gapped")
    page.wait_for_selector("#error-provider:not([hidden])")
    assert "hosted service" in page.inner_text("#error-provider")
    page.select_option("#input-provider", "self-hosted")
    page.wait_for_selector("#error-provider", state="hidden")
    _shows_the_engines_result(page, {"provider": "self-hosted", "deployment": "air-gapped"})
    assert "GPU servers" in page.inner_html(RESULT)


def test_too_few_examples_show_next_steps_instead_of_fine_tuning(open_calculator: Any) -> None:
    answers = {
        "behavior_change": "true",
        "knowledge_updates": "rarely",
        "training_examples": "0",
        "stage": "production",
    }
    page = open_calculator("?" + "&".join(f"{k}={v}" for k, v in answers.items()))
    _shows_the_engines_result(page, answers)
    assert "rag" == page.get_attribute(".calc-result", "data-approach")
    assert "structured outputs" in page.inner_text(".calc-next-steps")
