"""Fine-tuning vs RAG: the decision and cost engine (standard library only).

>>> from calculator import parse_answers, recommend, estimate_costs
>>> recommend(parse_answers({"needs_citations": True})).approach
'rag'
"""

from .assumptions import Assumptions, Figure, Range, load_assumptions
from .costs import CostEstimate, estimate_costs
from .decision import APPROACHES, Reason, Recommendation, Warning, recommend
from .inputs import FIELDS, Answers, Field, FieldError, InputError, parse_answers
from .render import assumptions_markdown, result_html
from .report import csv_report, markdown_report

__all__ = [
    "APPROACHES",
    "FIELDS",
    "Answers",
    "Assumptions",
    "CostEstimate",
    "Field",
    "FieldError",
    "Figure",
    "InputError",
    "Range",
    "Reason",
    "Recommendation",
    "Warning",
    "assumptions_markdown",
    "csv_report",
    "estimate_costs",
    "load_assumptions",
    "markdown_report",
    "parse_answers",
    "recommend",
    "result_html",
]
