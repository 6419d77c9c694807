"""Facts several test modules share: a guide example and how to read an export back."""

from __future__ import annotations

import csv
import io
import json
import re

from calculator.decision import APPROACH_NAMES

# The guide's legal assistant: lawyerly style and reasoning, current case law with citations,
# a production system and a team that can run both parts.
LEGAL_ASSISTANT: dict[str, object] = {
    "behavior_change": True,
    "domain_reasoning": True,
    "knowledge_updates": "weekly",
    "needs_citations": True,
    "can_maintain_both": True,
    "stage": "production",
    "training_examples": 5000,
}


def approach_in_export(fmt: str, text: str) -> str:
    """The recommended approach ("rag", "fine-tuning", "hybrid") read back from an export."""
    if fmt == "json":
        return str(json.loads(text)["recommendation"]["approach"])
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(text))
        [approach] = [row["value"] for row in rows if row["name"] == "approach"]
        return approach
    match = re.search(r"\*\*Recommendation: (.+?)\.\*\*", text)
    assert match is not None, "no recommendation line in the Markdown record"
    return {name: key for key, name in APPROACH_NAMES.items()}[match.group(1)]


def reachable(raw: dict[str, object]) -> dict[str, object]:
    """Generated answers made consistent: offline deployments can use only self-hosted
    providers (a cross-field rule), so a hosted provider there becomes `self-hosted`."""
    offline = raw.get("deployment", "cloud") != "cloud"
    if offline and raw.get("provider", "auto") not in ("auto", "self-hosted"):
        return {**raw, "provider": "self-hosted"}
    return raw
