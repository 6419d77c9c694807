"""The decision: RAG, fine-tuning or a hybrid, with a weighted, explained reason per factor.

Weights follow the guide's decision framework: a factor the guide calls decisive on its own
(changing knowledge, citations, behaviour, latency, offline use) weighs 3; a strong but
partial one weighs 2; a tie-breaker ("start simple", "documents exist", "enough data") weighs 1.
Hard constraints remove an approach outright; ties go to RAG, the guide's default start.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assumptions import load_assumptions
from .inputs import FIELDS, Answers

__all__ = ["APPROACHES", "Pivot", "Reason", "Recommendation", "Warning", "recommend"]

RAG, FINE_TUNING, HYBRID = "rag", "fine-tuning", "hybrid"
APPROACHES = (RAG, FINE_TUNING, HYBRID)
APPROACH_NAMES = {RAG: "RAG", FINE_TUNING: "Fine-tuning", HYBRID: "Hybrid (fine-tuning + RAG)"}
UPDATE_WEIGHTS = {"rarely": 0, "monthly": 1, "weekly": 2, "daily": 3}


@dataclass(frozen=True, kw_only=True, slots=True)
class Reason:
    text: str
    favors: str
    weight: int
    field: str
    section: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "text": self.text,
            "favors": self.favors,
            "weight": self.weight,
            "field": self.field,
            "section": self.section,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Warning:
    text: str
    kind: str  # "mistake", "constraint", "provider", "trade-off"
    section: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "kind": self.kind, "section": self.section}


@dataclass(frozen=True, kw_only=True, slots=True)
class Pivot:
    """One changed answer that alone would change the recommendation."""

    field: str
    value: str | bool | int
    approach: str
    text: str

    def as_dict(self) -> dict[str, str | bool | int]:
        return {
            "field": self.field,
            "value": self.value,
            "approach": self.approach,
            "text": self.text,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class Recommendation:
    approach: str
    summary: str
    scores: dict[str, int]
    reasons: tuple[Reason, ...]
    constraints: tuple[Warning, ...]
    warnings: tuple[Warning, ...]
    pivots: tuple[Pivot, ...]


def _reasons(a: Answers) -> list[Reason]:
    min_examples = int(load_assumptions().value("min_training_examples"))
    out: list[Reason] = []

    def add(favors: str, weight: int, field: str, section: str, text: str) -> None:
        out.append(Reason(text=text, favors=favors, weight=weight, field=field, section=section))

    update_weight = UPDATE_WEIGHTS[a.knowledge_updates]
    if update_weight:
        add(
            RAG,
            update_weight,
            "knowledge_updates",
            "when-rag-wins/#dynamic-knowledge",
            f"The knowledge changes {a.knowledge_updates}. RAG picks up a change as soon as the "
            "document is re-indexed; a fine-tuned model has to be retrained for it.",
        )
    if a.needs_citations:
        add(
            RAG,
            3,
            "needs_citations",
            "when-rag-wins/#source-attribution",
            "Answers must cite sources. RAG hands the model the source passages, so it can point "
            "to them; a fine-tuned model cannot show where a fact came from.",
        )
    if a.keep_data_out_of_weights:
        add(
            RAG,
            2,
            "keep_data_out_of_weights",
            "when-rag-wins/#data-protection",
            "Data must stay out of model weights. RAG keeps documents in a separate store; "
            "fine-tuning makes the training data part of the model.",
        )
    if a.domain_count >= 2:
        add(
            RAG,
            2,
            "domain_count",
            "when-rag-wins/#cost-at-scale",
            f"{a.domain_count} specialised domains would mean {a.domain_count} fine-tuned models "
            "to train and run; RAG serves them all from one model and several collections.",
        )
    if a.stage == "prototype":
        add(
            RAG,
            1,
            "stage",
            "decision-framework/#start-with-rag",
            "This is a prototype. Start with the simpler system and add complexity only when it "
            "demonstrably falls short.",
        )
    if a.knowledge_in_documents:
        add(
            RAG,
            1,
            "knowledge_in_documents",
            "decision-framework/#start-with-rag",
            "The knowledge already lives in documents that a retriever can search.",
        )
    else:
        add(
            FINE_TUNING,
            1,
            "knowledge_in_documents",
            "decision-framework/#consider-fine-tuning",
            "The knowledge is not written down in documents, so there is little for RAG to "
            "retrieve; it has to be taught through examples.",
        )
    if a.training_examples < min_examples:
        add(
            RAG,
            1,
            "training_examples",
            "common-mistakes/#insufficient-data",
            f"Only {a.training_examples:,} training examples: quality fine-tuning needs "
            f"thousands ({min_examples:,} at the very least).",
        )
    else:
        add(
            FINE_TUNING,
            1,
            "training_examples",
            "decision-framework/#consider-fine-tuning",
            f"{a.training_examples:,} high-quality examples is enough data to fine-tune on.",
        )
    if a.behavior_change:
        add(
            FINE_TUNING,
            3,
            "behavior_change",
            "when-fine-tuning-wins/#behavior-change",
            "The model must behave differently (tone, output format, procedure). That changes how "
            "it works, not what it knows, and fine-tuning is the tool for it.",
        )
    if a.latency_critical:
        add(
            FINE_TUNING,
            3,
            "latency_critical",
            "when-fine-tuning-wins/#latency",
            "Latency is critical. Retrieval adds a search and a longer prompt before the first "
            "token; a fine-tuned model answers without that step.",
        )
    if a.deployment != "cloud":
        add(
            FINE_TUNING,
            3,
            "deployment",
            "when-fine-tuning-wins/#offline-and-edge",
            f"It runs {'on edge devices' if a.deployment == 'edge' else 'in an air-gapped network'}"
            ". A fine-tuned model carries its knowledge in its weights and needs no hosted search.",
        )
    if a.domain_reasoning:
        add(
            FINE_TUNING,
            2,
            "domain_reasoning",
            "when-fine-tuning-wins/#domain-reasoning",
            "The task needs domain-specific reasoning that retrieved passages cannot teach; "
            "fine-tuning on thousands of examples can.",
        )
    return out


def _needs(a: Answers) -> tuple[bool, bool]:
    """(needs current, citable knowledge; needs changed behaviour or reasoning): the hybrid test."""
    needs_knowledge = UPDATE_WEIGHTS[a.knowledge_updates] >= 2 or a.needs_citations
    needs_behavior = a.behavior_change or a.domain_reasoning
    return needs_knowledge, needs_behavior


def _choose(a: Answers, scores: dict[str, int]) -> tuple[str, list[Warning]]:
    needs_knowledge, needs_behavior = _needs(a)
    can_run_hybrid = a.can_maintain_both and a.stage == "production"
    constraints: list[Warning] = []
    allowed = set(APPROACHES)
    if a.deployment != "cloud":
        allowed.discard(RAG)
        constraints.append(
            Warning(
                kind="constraint",
                section="when-fine-tuning-wins/#offline-and-edge",
                text="Plain RAG is ruled out: an edge or air-gapped deployment cannot call a "
                "hosted "
                "vector store or embedding API. Any retrieval must run locally.",
            )
        )
    if a.needs_citations:
        allowed.discard(FINE_TUNING)
        constraints.append(
            Warning(
                kind="constraint",
                section="when-rag-wins/#source-attribution",
                text="Fine-tuning alone is ruled out: answers must cite sources, and a fine-tuned "
                "model cannot attribute what it learned.",
            )
        )

    if needs_knowledge and needs_behavior and can_run_hybrid:
        preferred = HYBRID
    elif scores[FINE_TUNING] > scores[RAG]:
        preferred = FINE_TUNING
    else:
        preferred = RAG
    if preferred in allowed:
        return preferred, constraints
    if preferred == RAG:  # offline: retrieval only as part of a locally run hybrid
        return (
            HYBRID if a.needs_citations or (needs_knowledge and can_run_hybrid) else FINE_TUNING
        ), constraints
    # preferred fine-tuning, but citations are required
    return (HYBRID if can_run_hybrid or RAG not in allowed else RAG), constraints


def _warnings(a: Answers, approach: str) -> list[Warning]:
    assumptions = load_assumptions()
    min_examples = int(assumptions.value("min_training_examples"))
    needs_knowledge, needs_behavior = _needs(a)
    tunes = approach in (FINE_TUNING, HYBRID)
    retrieves = approach in (RAG, HYBRID)
    out: list[Warning] = []
    if tunes and a.training_examples < min_examples:
        out.append(
            Warning(
                kind="mistake",
                section="common-mistakes/#insufficient-data",
                text=f"Fine-tuning with {a.training_examples:,} examples is the most common "
                "mistake: "
                "with hundreds rather than thousands, the tuned model is often no better than "
                "the base model. Collect more high-quality examples first.",
            )
        )
    if retrieves:
        out.append(
            Warning(
                kind="mistake",
                section="common-mistakes/#document-preparation",
                text="Prepare the documents: split them at semantic boundaries, not every N "
                "characters, and add metadata filters. Dumping PDFs into a vector store gives "
                "poor retrieval and confuses the model.",
            )
        )
    if a.stage == "prototype" and needs_knowledge and needs_behavior:
        out.append(
            Warning(
                kind="mistake",
                section="common-mistakes/#over-engineering",
                text="You need both current knowledge and new behaviour, but this is a prototype: "
                "do not build an elaborate hybrid yet. Start with the simpler system and add "
                "fine-tuning when it demonstrably falls short.",
            )
        )
    if approach == HYBRID and not a.can_maintain_both:
        out.append(
            Warning(
                kind="trade-off",
                section="hybrid/#when-to-go-hybrid",
                text="Only a hybrid meets your constraints, but you said you cannot run two "
                "systems. Budget for the people to maintain both before you commit.",
            )
        )
    if approach == FINE_TUNING and UPDATE_WEIGHTS[a.knowledge_updates] >= 2:
        out.append(
            Warning(
                kind="trade-off",
                section="when-rag-wins/#dynamic-knowledge",
                text=f"The knowledge changes {a.knowledge_updates}: a fine-tuned model will lag "
                "behind between retraining runs, and each run costs money (see the costs).",
            )
        )
    if tunes and a.keep_data_out_of_weights:
        out.append(
            Warning(
                kind="trade-off",
                section="when-rag-wins/#data-protection",
                text="Your training data will become part of the model's weights. Train only on "
                "data you are allowed to embed that way.",
            )
        )
    if retrieves and a.latency_critical:
        out.append(
            Warning(
                kind="trade-off",
                section="when-fine-tuning-wins/#latency",
                text="Retrieval adds latency to every answer. Measure the search and prompt time "
                "against your latency budget early.",
            )
        )
    if tunes:
        out.extend(
            Warning(
                kind="provider",
                section="costs/#fine-tuning-costs",
                text=f"{note.text} (Source: {note.source}.)",
            )
            for note in assumptions.provider_notes
        )
    return out


def _decide(a: Answers) -> tuple[str, dict[str, int], list[Reason], list[Warning]]:
    reasons = _reasons(a)
    scores = {
        approach: sum(r.weight for r in reasons if r.favors == approach)
        for approach in (RAG, FINE_TUNING)
    }
    approach, constraints = _choose(a, scores)
    return approach, scores, reasons, constraints


def _alternatives(a: Answers) -> list[tuple[str, str | bool | int]]:
    """Every single-answer change worth trying: other choices, flipped yes/no, thresholds."""
    min_examples = int(load_assumptions().value("min_training_examples"))
    out: list[tuple[str, str | bool | int]] = []
    for field in FIELDS:
        current = getattr(a, field.name)
        if field.kind == "choice":
            out.extend((field.name, value) for value, _ in field.choices if value != current)
        elif field.kind == "bool":
            out.append((field.name, not current))
        elif field.name == "training_examples":
            out.append((field.name, min_examples if current < min_examples else min_examples - 1))
        elif field.name == "domain_count":
            out.append((field.name, 2 if current == 1 else 1))
    return out


def _describe(field_name: str, value: str | bool | int) -> str:
    field = next(f for f in FIELDS if f.name == field_name)
    if field.kind == "bool":
        return f"“{field.label}” were {'yes' if value else 'no'}"
    if field.kind == "choice":
        return f"“{field.label}” were “{dict(field.choices)[str(value)]}”"
    return f"“{field.label}” were {int(value):,}"


def recommend(answers: Answers) -> Recommendation:
    approach, scores, reasons, constraints = _decide(answers)
    pivots = []
    for name, value in _alternatives(answers):
        other = _decide(answers.replace(**{name: value}))[0]
        if other != approach:
            pivots.append(
                Pivot(
                    field=name,
                    value=value,
                    approach=other,
                    text=f"If {_describe(name, value)}, the recommendation would be "
                    f"{APPROACH_NAMES[other]}.",
                )
            )
    ordered = sorted(reasons, key=lambda r: (r.favors != approach, -r.weight))
    summary = {
        RAG: "Start with retrieval-augmented generation (RAG).",
        FINE_TUNING: "Fine-tune a model.",
        HYBRID: "Combine both: fine-tune for behaviour, retrieve for current knowledge.",
    }[approach]
    return Recommendation(
        approach=approach,
        summary=summary,
        scores=scores,
        reasons=tuple(ordered),
        constraints=tuple(constraints),
        warnings=tuple(_warnings(answers, approach)),
        pivots=tuple(pivots),
    )
