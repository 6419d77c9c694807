"""The decision rules: the guide's own examples, hard constraints, warnings and pivots."""

from __future__ import annotations

import pytest

from calculator import parse_answers, recommend
from tests.shared import LEGAL_ASSISTANT

# The guide's worked examples, as a reader of the guide would answer the calculator.
GUIDE_EXAMPLES = [
    pytest.param(
        {"knowledge_updates": "weekly", "stage": "production", "needs_citations": False},
        "rag",
        id="support bot over evolving product documentation",
    ),
    pytest.param(
        {"needs_citations": True, "stage": "production", "knowledge_updates": "monthly"},
        "rag",
        id="regulated industry that must cite sources",
    ),
    pytest.param(
        {
            "latency_critical": True,
            "knowledge_updates": "rarely",
            "stage": "production",
            "training_examples": 5000,
        },
        "fine-tuning",
        id="voice assistant where latency is critical",
    ),
    pytest.param(
        {"deployment": "edge", "stage": "production", "training_examples": 5000},
        "fine-tuning",
        id="offline mobile app",
    ),
    pytest.param(
        LEGAL_ASSISTANT,
        "hybrid",
        id="legal assistant: lawyerly style plus current case law, team to run both",
    ),
    pytest.param(
        {"behavior_change": True, "knowledge_updates": "rarely", "training_examples": 5000},
        "fine-tuning",
        id="consistent JSON output format",
    ),
    pytest.param({"domain_count": 3}, "rag", id="several specialised domains"),
    pytest.param({}, "rag", id="defaults start with RAG"),
]


@pytest.mark.parametrize(("answers", "expected"), GUIDE_EXAMPLES)
def test_guide_examples_get_the_guides_answer(answers: dict[str, object], expected: str) -> None:
    assert expected == recommend(parse_answers(answers)).approach


def test_every_reason_names_a_guide_section_and_a_side() -> None:
    rec = recommend(parse_answers({"behavior_change": True, "needs_citations": True}))
    assert rec.reasons
    for reason in rec.reasons:
        assert reason.favors in {"rag", "fine-tuning", "hybrid"}
        assert "/#" in reason.section
        assert reason.weight > 0


def test_scores_are_the_sum_of_reason_weights() -> None:
    rec = recommend(parse_answers({"latency_critical": True, "domain_count": 4}))
    for side in ("rag", "fine-tuning"):
        assert rec.scores[side] == sum(r.weight for r in rec.reasons if r.favors == side)


@pytest.mark.parametrize("deployment", ["edge", "air-gapped"])
def test_offline_deployment_rules_out_plain_rag(deployment: str) -> None:
    rec = recommend(parse_answers({"deployment": deployment, "knowledge_updates": "daily"}))
    assert rec.approach != "rag"
    assert any("ruled out" in c.text for c in rec.constraints)


def test_citations_rule_out_fine_tuning_alone() -> None:
    rec = recommend(
        parse_answers(
            {
                "needs_citations": True,
                "behavior_change": True,
                "latency_critical": True,
                "knowledge_updates": "rarely",
            }
        )
    )
    assert rec.approach != "fine-tuning"


def test_offline_with_citations_can_only_be_hybrid_and_says_so() -> None:
    rec = recommend(parse_answers({"deployment": "air-gapped", "needs_citations": True}))
    assert rec.approach == "hybrid"
    assert len(rec.constraints) == 2
    assert any(w.kind == "trade-off" for w in rec.warnings)


def test_prototype_needing_both_is_warned_against_over_engineering() -> None:
    rec = recommend(
        parse_answers(
            {
                "behavior_change": True,
                "needs_citations": True,
                "can_maintain_both": True,
                "stage": "prototype",
            }
        )
    )
    assert rec.approach != "hybrid"
    assert any(w.section == "common-mistakes/#over-engineering" for w in rec.warnings)


def test_fine_tuning_with_hundreds_of_examples_is_warned() -> None:
    rec = recommend(parse_answers({"deployment": "edge", "training_examples": 300}))
    assert rec.approach == "fine-tuning"
    assert any(w.section == "common-mistakes/#insufficient-data" for w in rec.warnings)


def test_rag_comes_with_document_preparation_advice() -> None:
    rec = recommend(parse_answers({}))
    assert any(w.section == "common-mistakes/#document-preparation" for w in rec.warnings)


def test_fine_tuning_results_carry_the_dated_provider_notice() -> None:
    rec = recommend(parse_answers({"deployment": "edge"}))
    assert any(w.kind == "provider" and "6 January 2027" in w.text for w in rec.warnings)


def test_rag_results_carry_no_fine_tuning_provider_notice() -> None:
    assert not any(w.kind == "provider" for w in recommend(parse_answers({})).warnings)


def test_each_pivot_really_changes_the_recommendation() -> None:
    answers = parse_answers({"latency_critical": True, "knowledge_updates": "rarely"})
    rec = recommend(answers)
    assert rec.pivots
    for pivot in rec.pivots:
        changed = recommend(answers.replace(**{pivot.field: pivot.value}))
        assert pivot.approach == changed.approach != rec.approach


def test_legal_assistant_pivots_name_the_team_and_the_stage() -> None:
    answers = parse_answers(LEGAL_ASSISTANT)
    fields = {p.field for p in recommend(answers).pivots}
    assert {"can_maintain_both", "stage"} <= fields
