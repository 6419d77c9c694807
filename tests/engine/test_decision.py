"""The decision rules: the guide's own examples, hard constraints, warnings and pivots."""

from __future__ import annotations

import pytest

from calculator import parse_answers, recommend
from calculator.decision import RULES
from calculator.render import decision_rules_markdown
from calculator.report import PAGE_TITLES
from tests.shared import LEGAL_ASSISTANT

# A production team with plenty of data that needs a behaviour change: fine-tuning.
TUNES: dict[str, object] = {
    "behavior_change": True,
    "knowledge_updates": "rarely",
    "stage": "production",
    "training_examples": 5000,
}

# The guide's worked examples, as a reader of the guide would answer the calculator.
GUIDE_EXAMPLES = [
    pytest.param(
        {
            "knowledge_updates": "weekly",
            "needs_citations": True,
            "stage": "production",
            "queries_per_day": 10000,
        },
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
        {
            "deployment": "edge",
            "knowledge_updates": "rarely",
            "stage": "production",
            "training_examples": 5000,
        },
        "fine-tuning",
        id="offline mobile app",
    ),
    pytest.param(
        LEGAL_ASSISTANT,
        "hybrid",
        id="legal assistant: lawyerly style plus current case law, team to run both",
    ),
    pytest.param(
        {
            "behavior_change": True,
            "knowledge_updates": "rarely",
            "knowledge_in_documents": False,
            "training_examples": 5000,
            "stage": "production",
        },
        "fine-tuning",
        id="consistent JSON output format in production",
    ),
    pytest.param(
        {
            "knowledge_updates": "daily",
            "needs_citations": True,
            "stage": "production",
            "queries_per_day": 5000,
        },
        "rag",
        id="financial firm processing daily market reports",
    ),
    pytest.param(
        {**LEGAL_ASSISTANT, "can_maintain_both": False},
        "rag",
        id="legal assistant without a team to run two systems",
    ),
    pytest.param(
        {
            "domain_reasoning": True,
            "knowledge_updates": "rarely",
            "stage": "production",
            "training_examples": 5000,
        },
        "fine-tuning",
        id="coding assistant that needs domain reasoning",
    ),
    pytest.param(
        {"domain_count": 3, "stage": "production"}, "rag", id="several specialised domains"
    ),
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
def test_offline_rules_out_hosted_services_not_retrieval(deployment: str) -> None:
    rec = recommend(parse_answers({"deployment": deployment, "knowledge_updates": "daily"}))
    assert rec.approach == "rag"
    [constraint] = rec.constraints
    assert "Hosted services are ruled out" in constraint.text
    assert "local index" in constraint.text


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


def test_offline_with_citations_retrieves_from_a_local_index() -> None:
    rec = recommend(parse_answers({"deployment": "air-gapped", "needs_citations": True}))
    assert rec.approach == "rag"
    assert 2 == len(rec.constraints)


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


def test_hundreds_of_examples_hold_fine_tuning_back_and_say_why() -> None:
    rec = recommend(
        parse_answers(
            {
                "deployment": "edge",
                "training_examples": 300,
                "stage": "production",
                "knowledge_updates": "rarely",
            }
        )
    )
    assert "rag" == rec.approach
    assert "data" == rec.held_back
    assert any(w.section == "common-mistakes/#insufficient-data" for w in rec.warnings)
    assert any("revisit fine-tuning at 1,000" in step for step in rec.next_steps)


def test_rag_comes_with_document_preparation_advice() -> None:
    rec = recommend(parse_answers({}))
    assert any(w.section == "common-mistakes/#document-preparation" for w in rec.warnings)


def test_a_closed_provider_adds_a_provider_warning_with_its_dates() -> None:
    rec = recommend(parse_answers({**TUNES, "provider": "openai"}))
    [notice] = [w for w in rec.warnings if w.kind == "provider"]
    assert "OpenAI" in notice.text
    assert "7 May 2026" in notice.text and "6 January 2027" in notice.text


def test_with_a_closed_provider_the_pivots_name_open_providers_that_keep_the_answer() -> None:
    rec = recommend(parse_answers({**TUNES, "provider": "openai"}))
    kept = {p.value for p in rec.pivots if p.field == "provider"}
    assert {"azure-openai", "fireworks", "bedrock", "self-hosted"} == kept
    assert all(p.approach == rec.approach for p in rec.pivots if p.field == "provider")


def test_offline_provider_pivots_only_name_self_hosted_entries() -> None:
    rec = recommend(parse_answers({**TUNES, "deployment": "edge", "provider": "self-hosted"}))
    assert not [p for p in rec.pivots if p.field == "provider"]  # already open


def test_rag_results_carry_no_fine_tuning_provider_notice() -> None:
    assert not any(w.kind == "provider" for w in recommend(parse_answers({})).warnings)


def test_each_pivot_really_changes_the_recommendation() -> None:
    answers = parse_answers({**TUNES, "latency_critical": True})
    rec = recommend(answers)
    assert rec.pivots
    for pivot in rec.pivots:
        if pivot.field == "provider":
            continue  # a provider pivot keeps the answer (tested above)
        changed = recommend(answers.replace(**{pivot.field: pivot.value}))
        assert pivot.approach == changed.approach != rec.approach


def test_legal_assistant_pivots_name_the_team_and_the_stage() -> None:
    answers = parse_answers(LEGAL_ASSISTANT)
    fields = {p.field for p in recommend(answers).pivots}
    assert {"can_maintain_both", "stage"} <= fields


# --- The cases an outside audit reproduced against the previous rules ---------------------------


@pytest.mark.parametrize(
    ("answers", "held_back"),
    [
        pytest.param(
            {
                "behavior_change": True,
                "knowledge_updates": "rarely",
                "training_examples": 0,
                "stage": "production",
            },
            "data",
            id="format change with zero examples",
        ),
        pytest.param(
            {
                "latency_critical": True,
                "training_examples": 50,
                "knowledge_in_documents": False,
                "knowledge_updates": "rarely",
                "stage": "production",
            },
            "data",
            id="latency-critical with 50 examples",
        ),
        pytest.param(
            {"deployment": "air-gapped", "knowledge_updates": "daily", "training_examples": 100},
            "",
            id="air-gapped, daily changes, 100 examples",
        ),
    ],
)
def test_too_little_data_never_recommends_fine_tuning_or_a_hybrid(
    answers: dict[str, object], held_back: str
) -> None:
    rec = recommend(parse_answers(answers))
    assert ("rag", held_back) == (rec.approach, rec.held_back)
    enough = [p.value for p in rec.pivots if p.field == "training_examples"]
    assert ([1000] if held_back == "data" else []) == enough


def test_a_prototype_wanting_a_format_change_is_told_to_prompt_first() -> None:
    rec = recommend(
        parse_answers(
            {"stage": "prototype", "knowledge_updates": "monthly", "behavior_change": True}
        )
    )
    assert "rag" == rec.approach
    assert "prototype" == rec.held_back
    assert "Start simple" in rec.summary
    assert "structured outputs" in rec.next_steps[0]
    assert ("stage", "production", "fine-tuning") in {
        (p.field, p.value, p.approach) for p in rec.pivots
    }


def test_latency_weighs_as_the_guide_hedges_it_not_as_decisive() -> None:
    [latency] = [r for r in RULES if r.field == "latency_critical"]
    assert 1 == latency.weight
    assert "may prefer" in latency.guide_says


def test_offline_weighs_as_often_not_always() -> None:
    [offline] = [r for r in RULES if r.field == "deployment"]
    assert 2 == offline.weight
    assert "often" in offline.guide_says


def test_minimising_complexity_is_an_input_and_leans_to_rag() -> None:
    rec = recommend(parse_answers({"minimize_complexity": True}))
    assert any(r.field == "minimize_complexity" and r.favors == "rag" for r in rec.reasons)


def test_every_rule_links_to_a_guide_page_and_weighs_1_to_3() -> None:
    for rule in RULES:
        assert rule.section.split("/#")[0] in PAGE_TITLES
        assert 1 <= rule.weight <= 3
        assert rule.guide_says


def test_the_decision_framework_table_is_the_engines_rules() -> None:
    table = decision_rules_markdown()
    for rule in RULES:
        row = next(line for line in table.splitlines() if line.startswith(f"| {rule.when} "))
        assert f"| {rule.weight} |" in row


def test_the_closed_providers_warning_says_when_its_tuned_models_stop() -> None:
    rec = recommend(parse_answers({**TUNES, "provider": "openai"}))
    [notice] = [w for w in rec.warnings if w.kind == "provider"]
    assert "14 January 2027" in notice.text
