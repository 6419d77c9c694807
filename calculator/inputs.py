"""One declaration of every input; it drives validation, the CLI flags, the HTML form and the docs.

Values arrive as JSON (typed) or as text (form fields, URL parameters, CLI flags); both go
through `parse_answers`, which either returns a complete, valid `Answers` or raises
`InputError` listing every offending field with a sentence a person understands.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .providers import load_providers, provider_by_id

__all__ = ["FIELDS", "Answers", "Field", "FieldError", "InputError", "parse_answers"]

Kind = Literal["choice", "bool", "int"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Field:
    name: str
    label: str
    help: str
    kind: Kind
    default: str | bool | int
    section: str  # the guide page and anchor this input comes from, e.g. "costs/#break-even"
    group: str  # the form's fieldset
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    choice_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group label, values) for a form
    minimum: int = 0
    maximum: int = 0
    unit: str = ""


SITUATION = "Your situation"
VOLUME = "Volume and costs"
COSTS = "Provider and effort"

FIELDS: tuple[Field, ...] = (
    Field(
        name="knowledge_updates",
        label="How often does the knowledge change?",
        kind="choice",
        help="How often the facts the model must know are updated.",
        default="monthly",
        section="when-rag-wins/#dynamic-knowledge",
        group=SITUATION,
        choices=(
            ("rarely", "Rarely"),
            ("monthly", "Monthly"),
            ("weekly", "Weekly"),
            ("daily", "Daily"),
        ),
    ),
    Field(
        name="needs_citations",
        label="Answers must cite their sources",
        kind="bool",
        help="Regulated or high-stakes answers that must show where each fact came from.",
        default=False,
        section="when-rag-wins/#source-attribution",
        group=SITUATION,
    ),
    Field(
        name="behavior_change",
        label="The model must behave differently",
        kind="bool",
        help="A house tone, a strict output format (such as a JSON structure), or a "
        "multi-step procedure, rather than new facts.",
        default=False,
        section="when-fine-tuning-wins/#behavior-change",
        group=SITUATION,
    ),
    Field(
        name="domain_reasoning",
        label="Needs domain-specific reasoning",
        kind="bool",
        help="Patterns of reasoning (diagnosis, legal analysis, advanced coding) the model has "
        "to internalise, beyond looking facts up.",
        default=False,
        section="when-fine-tuning-wins/#domain-reasoning",
        group=SITUATION,
    ),
    Field(
        name="latency_critical",
        label="Latency is critical",
        kind="bool",
        help="Every millisecond counts: voice assistants, real-time trading, "
        "high-frequency support bots.",
        default=False,
        section="when-fine-tuning-wins/#latency",
        group=SITUATION,
    ),
    Field(
        name="deployment",
        label="Where does it run?",
        kind="choice",
        help="Edge and air-gapped deployments cannot call hosted services: the model and any "
        "retrieval (a local index) must run on hardware you control.",
        default="cloud",
        section="when-fine-tuning-wins/#offline-and-edge",
        group=SITUATION,
        choices=(
            ("cloud", "Cloud (online)"),
            ("edge", "Edge or mobile device"),
            ("air-gapped", "Air-gapped network"),
        ),
    ),
    Field(
        name="minimize_complexity",
        label="Keep the infrastructure as simple as possible",
        kind="bool",
        help="Fewer moving parts matter more to you than squeezing out the last bit of quality.",
        default=False,
        section="decision-framework/#start-with-rag",
        group=SITUATION,
    ),
    Field(
        name="knowledge_in_documents",
        label="The knowledge lives in documents",
        kind="bool",
        help="The domain knowledge can be written down as documents a search can find.",
        default=True,
        section="decision-framework/#start-with-rag",
        group=SITUATION,
    ),
    Field(
        name="keep_data_out_of_weights",
        label="Data must stay out of model weights",
        kind="bool",
        help="Your organisation does not want proprietary data baked into a model.",
        default=False,
        section="when-rag-wins/#data-protection",
        group=SITUATION,
    ),
    Field(
        name="domain_count",
        label="Specialised domains to serve",
        kind="int",
        help="Separate areas (legal, medical, technical...) that would each need their own "
        "fine-tuned model.",
        default=1,
        minimum=1,
        maximum=1000,
        unit="domains",
        section="when-rag-wins/#cost-at-scale",
        group=SITUATION,
    ),
    Field(
        name="training_examples",
        label="High-quality training examples",
        kind="int",
        help="Curated input-output examples you could fine-tune on today.",
        default=2000,
        minimum=0,
        maximum=100_000_000,
        unit="examples",
        section="common-mistakes/#insufficient-data",
        group=SITUATION,
    ),
    Field(
        name="stage",
        label="Stage",
        kind="choice",
        help="A prototype should start simple; production may justify more complexity.",
        default="prototype",
        section="common-mistakes/#over-engineering",
        group=SITUATION,
        choices=(("prototype", "Prototype or MVP"), ("production", "Production")),
    ),
    Field(
        name="can_maintain_both",
        label="We can run two systems",
        kind="bool",
        help="You have the engineering people to maintain a fine-tuned model and a "
        "retrieval pipeline side by side.",
        default=False,
        section="hybrid/#when-to-go-hybrid",
        group=SITUATION,
    ),
    Field(
        name="queries_per_day",
        label="Queries per day",
        kind="int",
        help="Expected requests per day in production.",
        default=1000,
        minimum=0,
        maximum=100_000_000,
        unit="queries/day",
        section="costs/#the-10000-queries-claim",
        group=VOLUME,
    ),
    Field(
        name="tokens_per_query",
        label="Tokens per plain query",
        kind="int",
        help="Prompt plus answer for one request without retrieved context.",
        default=1000,
        minimum=1,
        maximum=1_000_000,
        unit="tokens",
        section="costs/#rag-costs",
        group=VOLUME,
    ),
    Field(
        name="document_tokens",
        label="Size of the document collection",
        kind="int",
        help="Total tokens in the documents a RAG system would index (re-embedded on each update).",
        default=5_000_000,
        minimum=0,
        maximum=1_000_000_000_000,
        unit="tokens",
        section="costs/#rag-costs",
        group=VOLUME,
    ),
    Field(
        name="model_tier",
        label="Model price tier",
        kind="choice",
        help="Sets the base model's token prices and the training price.",
        default="small",
        section="costs/#fine-tuning-costs",
        group=VOLUME,
        choices=(
            ("small", "Small (a mini model, or ~8B open-weight)"),
            ("flagship", "Flagship (GPT-4o class, or ~70B open-weight)"),
        ),
    ),
    Field(
        name="fine_tune_hosting",
        label="Fine-tuned model hosting",
        kind="choice",
        help="Serverless: pay per token. Dedicated: an always-on deployment billed by the hour. "
        "Applies where the provider offers both; others bill one way (see the provider notes).",
        default="serverless",
        section="costs/#fine-tuning-costs",
        group=VOLUME,
        choices=(
            ("serverless", "Serverless (per token)"),
            ("dedicated", "Dedicated (hourly, always on)"),
        ),
    ),
    Field(
        name="provider",
        label="Where you would train and run it",
        kind="choice",
        help="Prices and billing come from this provider. Automatic: your own GPUs for edge and "
        "air-gapped deployments, otherwise an open-weight LoRA host.",
        default="auto",
        section="costs/#fine-tuning-costs",
        group=COSTS,
        choices=(("auto", "Automatic"), *((p.id, p.name) for p in load_providers())),
        choice_groups=(
            ("", ("auto",)),
            ("Hosted", tuple(p.id for p in load_providers() if not p.self_hosted)),
            ("On your own hardware", tuple(p.id for p in load_providers() if p.self_hosted)),
        ),
    ),
    Field(
        name="retrieved_chunks",
        label="Chunks retrieved per query",
        kind="int",
        help="How many passages RAG adds to each prompt.",
        default=5,
        minimum=1,
        maximum=200,
        unit="chunks",
        section="costs/#rag-costs",
        group=COSTS,
    ),
    Field(
        name="chunk_tokens",
        label="Tokens per chunk",
        kind="int",
        help="The size of one retrieved passage.",
        default=400,
        minimum=20,
        maximum=100_000,
        unit="tokens",
        section="costs/#rag-costs",
        group=COSTS,
    ),
    Field(
        name="example_source",
        label="Where the training examples come from",
        kind="choice",
        help="Producing thousands of good examples is often the largest fine-tuning cost.",
        default="vendor",
        section="common-mistakes/#insufficient-data",
        group=COSTS,
        choices=(
            ("have", "We already have them (no preparation cost)"),
            ("vendor", "A labelling vendor produces them"),
            ("experts", "Our own experts write them"),
        ),
    ),
    Field(
        name="engineer_hourly_rate",
        label="Engineering cost per hour",
        kind="int",
        help="What an hour of engineering or expert time costs you, overheads included.",
        default=100,
        minimum=0,
        maximum=10_000,
        unit="USD/hour",
        section="costs/#fine-tuning-costs",
        group=COSTS,
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


@dataclass(frozen=True, kw_only=True, slots=True)
class Answers:
    """A complete, valid set of inputs. Build it with `parse_answers` (defaults live in FIELDS)."""

    knowledge_updates: str
    needs_citations: bool
    behavior_change: bool
    domain_reasoning: bool
    latency_critical: bool
    deployment: str
    knowledge_in_documents: bool
    keep_data_out_of_weights: bool
    domain_count: int
    training_examples: int
    stage: str
    can_maintain_both: bool
    queries_per_day: int
    tokens_per_query: int
    document_tokens: int
    model_tier: str
    fine_tune_hosting: str
    minimize_complexity: bool
    provider: str
    retrieved_chunks: int
    chunk_tokens: int
    example_source: str
    engineer_hourly_rate: int

    def as_dict(self) -> dict[str, str | bool | int]:
        return {f.name: getattr(self, f.name) for f in FIELDS}

    def replace(self, **changes: str | bool | int) -> Answers:
        """These answers with some changed; raises InputError like `parse_answers`.

        Only the changes are validated (the other answers already were), then the cross-field
        rules: the decision's "what would change it" tries about 20 changes per result."""
        return _validated(self.as_dict(), changes)


@dataclass(frozen=True, kw_only=True, slots=True)
class FieldError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class InputError(ValueError):
    """One or more inputs are invalid; `errors` says which, and why, in plain words."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}
_MAX_TEXT = 200  # longer text cannot be a valid value; no need to look further


def _number_from_text(text: str, field: Field) -> int | Decimal:
    """The number a person typed, exactly: decimals as Decimal, never rounded through float."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("Enter a number.")
    if len(cleaned) > _MAX_TEXT:
        raise ValueError("That is far too long to be a number.")
    if _INTEGER.fullmatch(cleaned):
        return int(cleaned)  # at most 200 digits: well inside Python's int-from-text limit
    if _DECIMAL.fullmatch(cleaned):
        return Decimal(cleaned)
    if re.fullmatch(r"[+-]?[0-9]{1,3}([, _'][0-9]{3})+", cleaned):
        raise ValueError("Write the number without thousands separators, e.g. 10000.")
    if re.match(r"[+-]?[0-9.]+\s*[^\s0-9]", cleaned):
        unit = f" (the unit is {field.unit})" if field.unit else ""
        raise ValueError(f"Enter digits only, without a unit or suffix{unit}.")
    raise ValueError("Enter a whole number using digits, e.g. 1000.")


def _whole(value: int | float | Decimal, field: Field) -> int:
    """An in-range whole number, compared exactly (0.99999999999999999 is not 1).

    The range is checked before anything is converted, so a 5,000-digit integer or 1e400 gets
    the range message instead of an overflow.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Enter a finite number.")
        value = Decimal(value)  # exact: every finite float is a Decimal
    elif isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("Enter a finite number.")
    if not field.minimum <= value <= field.maximum:
        unit = f" {field.unit}" if field.unit else ""
        raise ValueError(f"Enter a number from {field.minimum:,} to {field.maximum:,}{unit}.")
    whole = int(value)  # cheap now: the value is within the field's bounds
    if value != whole:
        raise ValueError("Enter a whole number.")
    return whole


def _parse_value(field: Field, raw: object) -> str | bool | int:
    """Convert one raw value (JSON-typed or text) or raise ValueError with a plain message.

    Text is normalised by one rule, used by every door (form, link, CLI, API): surrounding
    blanks are dropped and booleans are read case-insensitively; `text_value` gives the result
    back as the text a form or link should show.
    """
    if field.kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ValueError("Answer yes or no (true or false).")
    if field.kind == "choice":
        allowed = [value for value, _ in field.choices]
        if isinstance(raw, str) and raw.strip() in allowed:
            return raw.strip()
        raise ValueError("Choose one of: " + ", ".join(allowed) + ".")
    # kind == "int"
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise ValueError("Enter a number.")
    return _whole(_number_from_text(raw, field) if isinstance(raw, str) else raw, field)


def text_value(value: str | bool | int) -> str:
    """A parsed value as the text a form field or a link carries ("true"/"false" for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def normalised_text(field: Field, raw: object) -> str:
    """`raw` as the engine reads it, written back as text (" flagship" -> "flagship").

    Raises ValueError, with the field's message, for a value the engine rejects.
    """
    return text_value(_parse_value(field, raw))


def _printable(name: str, limit: int = 40) -> str:
    """An unknown field name, safe to show: escaped and shortened."""
    shown = name if name.isprintable() else name.encode("ascii", "backslashreplace").decode()
    return shown if len(shown) <= limit else shown[:limit] + "..."


def parse_answers(raw: Mapping[str, object]) -> Answers:
    """Validate raw values; omitted fields take their defaults. Raises InputError."""
    return _validated({f.name: f.default for f in FIELDS}, raw)


def _validated(values: dict[str, str | bool | int], raw: Mapping[str, object]) -> Answers:
    """`values` (valid answers, updated in place) with `raw`'s answers validated over them."""
    errors: list[FieldError] = []
    for name in raw:
        if name not in FIELDS_BY_NAME:
            errors.append(
                FieldError(
                    field=_printable(name),
                    message="This is not an input the calculator "
                    "knows. Check the spelling against the list of inputs.",
                )
            )
    for field in FIELDS:
        if field.name in raw:
            try:
                values[field.name] = _parse_value(field, raw[field.name])
            except ValueError as exc:
                errors.append(FieldError(field=field.name, message=str(exc)))
    if not errors:
        errors += _cross_field_errors(values)
    if errors:
        raise InputError(errors)
    return Answers(**values)  # type: ignore[arg-type]


def _cross_field_errors(values: Mapping[str, str | bool | int]) -> list[FieldError]:
    """Answers that are valid alone but not together."""
    pid = str(values["provider"])
    if pid != "auto" and values["deployment"] != "cloud" and not provider_by_id(pid).self_hosted:
        place = "on edge devices" if values["deployment"] == "edge" else "in an air-gapped network"
        return [
            FieldError(
                field="provider",
                message=f"{provider_by_id(pid).name} is a hosted service, which cannot be "
                f"reached {place}. Choose your own GPUs or Automatic.",
            )
        ]
    return []
