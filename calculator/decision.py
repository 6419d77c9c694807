"""The decision: RAG, fine-tuning or a hybrid, with a weighted, explained reason per factor.

`RULES` is the one table of factors: each has a weight that follows the guide's own wording
(`guide_says`), and the decision-framework page is rendered from the same table. Then, in order:
hard constraints remove an approach; too little training data and a prototype stage hold
fine-tuning and hybrids back ("start simple"); the hybrid test; the higher score; ties go to RAG,
the guide's default start.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .assumptions import load_assumptions
from .inputs import FIELDS, FIELDS_BY_NAME, Answers, InputError
from .providers import load_providers, resolve_provider

__all__ = [
    "APPROACHES",
    "PRICING_ONLY_FIELDS",
    "RULES",
    "Pivot",
    "Reason",
    "Recommendation",
    "Rule",
    "Warning",
    "min_training_examples",
    "recommend",
]

RAG, FINE_TUNING, HYBRID = "rag", "fine-tuning", "hybrid"
APPROACHES = (RAG, FINE_TUNING, HYBRID)
APPROACH_NAMES = {RAG: "RAG", FINE_TUNING: "Fine-tuning", HYBRID: "Hybrid (fine-tuning + RAG)"}
UPDATES_PER_WEEK_OR_MORE = ("weekly", "daily")
# Answers that price the approaches but never choose one: no rule, gate, warning, next step or
# pivot below reads them, so `recommend` is cached on the other answers and typing a volume or
# a rate does not decide again (tests/engine/test_caches.py checks that changing one of these
# never changes the recommendation).
PRICING_ONLY_FIELDS = (
    "queries_per_day",
    "tokens_per_query",
    "document_tokens",
    "model_tier",
    "fine_tune_hosting",
    "retrieved_chunks",
    "chunk_tokens",
    "example_source",
    "engineer_hourly_rate",
)
# Any: each default has its own field's type (str, bool or int), which a dict cannot say.
_PRICING_DEFAULTS: dict[str, Any] = {
    name: FIELDS_BY_NAME[name].default for name in PRICING_ONLY_FIELDS
}


def min_training_examples() -> int:
    """Our stated reading of the guide's "thousands of examples" (data/assumptions.toml)."""
    return int(load_assumptions().value("min_training_examples"))


def _place(a: Answers) -> str:
    return "on edge devices" if a.deployment == "edge" else "in an air-gapped network"


@dataclass(frozen=True, kw_only=True, slots=True)
class Rule:
    """One factor of the guide's framework: when it applies, whom it favours and how much."""

    field: str
    when: str  # the answer, in words, for the rules table
    favors: str
    weight: int
    guide_says: str  # the guide's wording that sets the weight (3 decisive, 2 strong, 1 leaning)
    section: str
    applies: Callable[[Answers], bool]
    explain: Callable[[Answers], str]


RULES: tuple[Rule, ...] = (
    Rule(
        field="knowledge_updates",
        when="the knowledge changes daily",
        favors=RAG,
        weight=3,
        guide_says="frequent changes make RAG “almost certainly” right",
        section="when-rag-wins/#dynamic-knowledge",
        applies=lambda a: a.knowledge_updates == "daily",
        explain=lambda a: (
            "The knowledge changes daily. RAG picks up a change as soon as the "
            "document is re-indexed; a fine-tuned model has to be retrained for it."
        ),
    ),
    Rule(
        field="knowledge_updates",
        when="the knowledge changes weekly",
        favors=RAG,
        weight=2,
        guide_says="frequent changes make RAG “almost certainly” right",
        section="when-rag-wins/#dynamic-knowledge",
        applies=lambda a: a.knowledge_updates == "weekly",
        explain=lambda a: (
            "The knowledge changes weekly. RAG picks up a change as soon as the "
            "document is re-indexed; a fine-tuned model would lag until its next retraining."
        ),
    ),
    Rule(
        field="knowledge_updates",
        when="the knowledge changes monthly",
        favors=RAG,
        weight=1,
        guide_says="“updates frequently” is a reason to start with RAG",
        section="when-rag-wins/#dynamic-knowledge",
        applies=lambda a: a.knowledge_updates == "monthly",
        explain=lambda a: (
            "The knowledge changes monthly: updating a document store is simpler "
            "than retraining a model each month."
        ),
    ),
    Rule(
        field="needs_citations",
        when="answers must cite their sources",
        favors=RAG,
        weight=3,
        guide_says="citing sources is “non-negotiable” in regulated fields",
        section="when-rag-wins/#source-attribution",
        applies=lambda a: a.needs_citations,
        explain=lambda a: (
            "Answers must cite sources. RAG hands the model the source passages, "
            "so it can point to them; a fine-tuned model cannot show where a fact came from."
        ),
    ),
    Rule(
        field="keep_data_out_of_weights",
        when="data must stay out of model weights",
        favors=RAG,
        weight=2,
        guide_says="RAG gives “stronger isolation guarantees”",
        section="when-rag-wins/#data-protection",
        applies=lambda a: a.keep_data_out_of_weights,
        explain=lambda a: (
            "Data must stay out of model weights. RAG keeps documents in a "
            "separate store; fine-tuning makes the training data part of the model."
        ),
    ),
    Rule(
        field="domain_count",
        when="two or more specialised domains",
        favors=RAG,
        weight=2,
        guide_says="fine-tuning “gets expensive” across several domains",
        section="when-rag-wins/#cost-at-scale",
        applies=lambda a: a.domain_count >= 2,
        explain=lambda a: (
            f"{a.domain_count} specialised domains would mean {a.domain_count} "
            "fine-tuned models to train and run; RAG serves them all from one model and several "
            "collections."
        ),
    ),
    Rule(
        field="stage",
        when="a prototype or MVP",
        favors=RAG,
        weight=1,
        guide_says="a prototype is a reason to start with RAG; “start simple”",
        section="decision-framework/#start-with-rag",
        applies=lambda a: a.stage == "prototype",
        explain=lambda a: (
            "This is a prototype. Start with the simpler system and add "
            "complexity only when it demonstrably falls short."
        ),
    ),
    Rule(
        field="minimize_complexity",
        when="infrastructure must stay simple",
        favors=RAG,
        weight=1,
        guide_says="wanting minimal infrastructure is a reason to start with RAG",
        section="decision-framework/#start-with-rag",
        applies=lambda a: a.minimize_complexity,
        explain=lambda a: (
            "You want the fewest moving parts: a base model with a document "
            "store needs no training pipeline, evaluation runs or model hosting of its own."
        ),
    ),
    Rule(
        field="knowledge_in_documents",
        when="the knowledge lives in documents",
        favors=RAG,
        weight=1,
        guide_says="knowledge that can be written as documents leans to RAG",
        section="decision-framework/#start-with-rag",
        applies=lambda a: a.knowledge_in_documents,
        explain=lambda a: "The knowledge already lives in documents that a retriever can search.",
    ),
    Rule(
        field="knowledge_in_documents",
        when="the knowledge is not in documents",
        favors=FINE_TUNING,
        weight=1,
        guide_says="(the same item, answered no)",
        section="decision-framework/#consider-fine-tuning",
        applies=lambda a: not a.knowledge_in_documents,
        explain=lambda a: (
            "The knowledge is not written down in documents, so there is little "
            "for RAG to retrieve; it has to be taught through examples."
        ),
    ),
    Rule(
        field="training_examples",
        when="enough high-quality examples (our reading of “thousands”)",
        favors=FINE_TUNING,
        weight=1,
        guide_says="“thousands of examples” is one item of “consider fine-tuning”",
        section="decision-framework/#consider-fine-tuning",
        applies=lambda a: a.training_examples >= min_training_examples(),
        explain=lambda a: (
            f"{a.training_examples:,} high-quality examples is enough data to "
            f"fine-tune on (we read the guide's “thousands” as at least "
            f"{min_training_examples():,})."
        ),
    ),
    Rule(
        field="behavior_change",
        when="the model must behave differently",
        favors=FINE_TUNING,
        weight=3,
        guide_says="for changed behaviour “fine-tuning is your tool”",
        section="when-fine-tuning-wins/#behavior-change",
        applies=lambda a: a.behavior_change,
        explain=lambda a: (
            "The model must behave differently (tone, output format, procedure). "
            "That changes how it works, not what it knows; fine-tuning is the durable tool for it "
            "once prompting falls short."
        ),
    ),
    Rule(
        field="deployment",
        when="it runs on edge devices or an air-gapped network",
        favors=FINE_TUNING,
        weight=2,
        guide_says="offline settings “often demand” a self-contained model",
        section="when-fine-tuning-wins/#offline-and-edge",
        applies=lambda a: a.deployment != "cloud",
        explain=lambda a: (
            f"It runs {_place(a)}. Offline settings often favour a self-contained "
            "model that carries its knowledge in its weights, though a local index can still serve "
            "retrieval."
        ),
    ),
    Rule(
        field="domain_reasoning",
        when="the task needs domain-specific reasoning",
        favors=FINE_TUNING,
        weight=2,
        guide_says="some domains “require” internalised reasoning",
        section="when-fine-tuning-wins/#domain-reasoning",
        applies=lambda a: a.domain_reasoning,
        explain=lambda a: (
            "The task needs domain-specific reasoning: patterns the model has to "
            "internalise from many worked examples rather than look up."
        ),
    ),
    Rule(
        field="latency_critical",
        when="latency is critical",
        favors=FINE_TUNING,
        weight=1,
        guide_says="latency-bound apps “may prefer” a fine-tuned model",
        section="when-fine-tuning-wins/#latency",
        applies=lambda a: a.latency_critical,
        explain=lambda a: (
            "Latency is critical. Retrieval adds a search and a longer prompt "
            "before the first token; a fine-tuned model can skip that step (see the latency "
            "estimate)."
        ),
    ),
)


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
    """One changed answer that alone would change (or, for a provider, keep) the outcome."""

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
    held_back: str  # "" or why fine-tuning/hybrid was held back: "data", "prototype"
    next_steps: tuple[str, ...]


def _reasons(a: Answers, rules: list[Rule]) -> list[Reason]:
    return [
        Reason(
            text=rule.explain(a),
            favors=rule.favors,
            weight=rule.weight,
            field=rule.field,
            section=rule.section,
        )
        for rule in rules
    ]


def _needs(a: Answers) -> tuple[bool, bool]:
    """(needs current, citable knowledge; needs changed behaviour or reasoning): the hybrid test."""
    needs_knowledge = a.knowledge_updates in UPDATES_PER_WEEK_OR_MORE or a.needs_citations
    needs_behavior = a.behavior_change or a.domain_reasoning
    return needs_knowledge, needs_behavior


def _constraints(a: Answers) -> list[Warning]:
    out = []
    if a.deployment != "cloud":
        out.append(
            Warning(
                kind="constraint",
                section="when-fine-tuning-wins/#offline-and-edge",
                text=f"Hosted services are ruled out {_place(a)}: the model runs on your own "
                "hardware, and any retrieval uses a local index (Chroma, pgvector or a "
                "file-based store) rather than a hosted vector database or embedding API.",
            )
        )
    if a.needs_citations:
        out.append(
            Warning(
                kind="constraint",
                section="when-rag-wins/#source-attribution",
                text="Fine-tuning alone is ruled out: answers must cite sources, and a "
                "fine-tuned model cannot attribute what it learned.",
            )
        )
    return out


def _choose(a: Answers, scores: dict[str, int]) -> tuple[str, str]:
    """(approach, held_back): held_back names the gate that kept a tuned approach out."""
    needs_knowledge, needs_behavior = _needs(a)
    can_run_hybrid = a.can_maintain_both and a.stage == "production"
    if needs_knowledge and needs_behavior and can_run_hybrid:
        preferred = HYBRID
    elif scores[FINE_TUNING] > scores[RAG]:
        preferred = FINE_TUNING
    else:
        preferred = RAG
    if preferred == RAG:
        return RAG, ""
    if a.training_examples < min_training_examples():
        return RAG, "data"
    if a.stage == "prototype":
        return RAG, "prototype"
    if preferred == FINE_TUNING and a.needs_citations:
        return (HYBRID if can_run_hybrid else RAG), ""
    return preferred, ""


def _warnings(a: Answers, approach: str, held_back: str) -> list[Warning]:
    minimum = min_training_examples()
    needs_knowledge, needs_behavior = _needs(a)
    tunes = approach in (FINE_TUNING, HYBRID)
    retrieves = approach in (RAG, HYBRID)
    out: list[Warning] = []
    if held_back == "data":
        out.append(
            Warning(
                kind="mistake",
                section="common-mistakes/#insufficient-data",
                text=f"Fine-tuning on {a.training_examples:,} examples is the guide's most "
                "frequent mistake: with hundreds rather than thousands, a tuned model is often "
                "no better than its base model. That is why this result does not recommend it "
                f"yet: collect at least {minimum:,} high-quality examples first.",
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
                text="You need both current knowledge and new behaviour, but this is a "
                "prototype: do not build an elaborate hybrid yet. Start with the simpler system "
                "and add fine-tuning when it demonstrably falls short.",
            )
        )
    if approach == FINE_TUNING and a.knowledge_updates in UPDATES_PER_WEEK_OR_MORE:
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
                text="Your training data will become part of the model's weights. Train only "
                "on data you are allowed to embed that way.",
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
    provider = resolve_provider(a.provider, a.deployment)
    if provider.fine_tuning == "closed":
        consequence = (
            "so this recommendation cannot be carried out there: choose another provider "
            "(see what would change it)"
            if tunes
            else "so if you fine-tune later, plan to do it elsewhere"
        )
        out.append(
            Warning(
                kind="provider",
                section="costs/#fine-tuning-costs",
                text=f"{provider.name}: self-serve fine-tuning has been closing since "
                f"{_date(provider.closed_from)} and takes no new jobs from anyone after "
                f"{_date(provider.closes_for_everyone)}, {consequence}. Existing fine-tuned "
                "models run only until their base model retires"
                + (
                    f" ({_date(provider.fine_tuned_models_end)} for "
                    f"{provider.fine_tuned_models_end_for})."
                    if provider.fine_tuned_models_end
                    else "."
                ),
            )
        )
    return out


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _date(iso: str) -> str:
    """'2027-01-06' as '6 January 2027' (deterministic: no locale)."""
    year, month, day = iso.split("-")
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def _next_steps(a: Answers, approach: str, held_back: str) -> list[str]:
    minimum = min_training_examples()
    steps = []
    if a.behavior_change and approach != FINE_TUNING:
        steps.append(
            "Try prompting first for the format and tone: a few worked examples in the prompt "
            "and structured outputs (a JSON schema the model must follow) cost no training."
        )
    if held_back or approach != RAG:
        steps.append(
            "Build an evaluation set before you change anything, and measure each step on it: "
            "that is how you know when the simpler solution demonstrably falls short."
        )
    if held_back == "data":
        steps.append(
            f"Collect high-quality examples: you have {a.training_examples:,}; revisit "
            f"fine-tuning at {minimum:,} or more."
        )
    if held_back == "prototype":
        steps.append(
            "Revisit fine-tuning when the product moves to production and the evaluation shows "
            "where prompting and retrieval fall short."
        )
    return steps


def _summary(approach: str, held_back: str) -> str:
    if held_back == "data":
        return (
            "Start with RAG, and with prompting and structured outputs for behaviour; "
            "fine-tuning waits until you have enough examples."
        )
    if held_back == "prototype":
        return (
            "Start simple: RAG, with prompting and structured outputs for behaviour; consider "
            "fine-tuning once an evaluation shows they fall short in production."
        )
    return {
        RAG: "Start with retrieval-augmented generation (RAG).",
        FINE_TUNING: "Fine-tune a model.",
        HYBRID: "Combine both: fine-tune for behaviour, retrieve for current knowledge.",
    }[approach]


def _decide(a: Answers) -> tuple[str, str, dict[str, int], list[Rule]]:
    """(approach, held_back, scores, the rules that apply): no explanations are written here,
    as the pivots decide about 16 changed answers per result and need only the approach."""
    rules = [rule for rule in RULES if rule.applies(a)]
    scores = {
        approach: sum(r.weight for r in rules if r.favors == approach)
        for approach in (RAG, FINE_TUNING)
    }
    approach, held_back = _choose(a, scores)
    return approach, held_back, scores, rules


def _alternatives(a: Answers) -> list[tuple[str, str | bool | int]]:
    """Every single-answer change worth trying: other choices, flipped yes/no, thresholds."""
    minimum = min_training_examples()
    out: list[tuple[str, str | bool | int]] = []
    for field in FIELDS:
        current = getattr(a, field.name)
        if field.name == "provider":
            continue  # the provider prices the answer; it does not change it (see below)
        if field.name in PRICING_ONLY_FIELDS:
            continue  # the decision does not read it: changing it never changes the approach
        if field.kind == "choice":
            out.extend((field.name, value) for value, _ in field.choices if value != current)
        elif field.kind == "bool":
            out.append((field.name, not current))
        elif field.name == "training_examples":
            out.append((field.name, minimum if current < minimum else minimum - 1))
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


def _provider_pivots(a: Answers, approach: str) -> list[Pivot]:
    """With a closed provider, the open ones that would let a tuned recommendation go ahead."""
    current = resolve_provider(a.provider, a.deployment)
    if current.fine_tuning == "available" or approach == RAG:
        return []
    offline = a.deployment != "cloud"
    return [
        Pivot(
            field="provider",
            value=p.id,
            approach=approach,
            text=f"With “{p.name}”, where fine-tuning is open, the recommendation stays "
            f"{APPROACH_NAMES[approach]} and can be carried out.",
        )
        for p in load_providers()
        if p.fine_tuning == "available" and p.id != "guide" and (p.self_hosted or not offline)
    ]


def recommend(answers: Answers) -> Recommendation:
    """The decision, its reasons, warnings and the single changes that would change it."""
    decided = _recommend(dataclasses.replace(answers, **_PRICING_DEFAULTS))
    # A copy of the one mutable part, so no caller can change the cached recommendation.
    return dataclasses.replace(decided, scores=dict(decided.scores))


# Bounded: an entry is a few kilobytes, and a session revisits a handful of decisions.
@lru_cache(maxsize=64)
def _recommend(answers: Answers) -> Recommendation:
    approach, held_back, scores, rules = _decide(answers)
    reasons = _reasons(answers, rules)
    pivots = []
    for name, value in _alternatives(answers):
        try:
            changed = answers.replace(**{name: value})
        except InputError:  # e.g. a hosted provider with an offline deployment
            continue
        other = _decide(changed)[0]
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
    pivots += _provider_pivots(answers, approach)
    ordered = sorted(reasons, key=lambda r: (r.favors != approach, -r.weight))
    return Recommendation(
        approach=approach,
        summary=_summary(approach, held_back),
        scores=scores,
        reasons=tuple(ordered),
        constraints=tuple(_constraints(answers)),
        warnings=tuple(_warnings(answers, approach, held_back)),
        pivots=tuple(pivots),
        held_back=held_back,
        next_steps=tuple(_next_steps(answers, approach, held_back)),
    )
