"""The bad-input corpus (tests/data/bad_inputs.json), decoded for every door's tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "bad_inputs.json"


@dataclass(frozen=True)
class BadInput:
    id: str
    field: str
    value: object
    json_only: bool
    unknown: bool

    @property
    def text(self) -> str:
        """The value as a person would type it (only for entries that are not json_only)."""
        assert isinstance(self.value, str), self.id
        return self.value


def _decode(value: object) -> object:
    if isinstance(value, dict) and set(value) == {"repeat"}:
        text, count = value["repeat"]
        return text * count
    if isinstance(value, dict) and set(value) == {"float"}:
        return float(value["float"])
    return value


def load_bad_inputs() -> list[BadInput]:
    entries = json.loads(CORPUS.read_text("utf-8"))["entries"]
    return [
        BadInput(
            id=e["id"],
            field=e["field"],
            value=_decode(e["value"]),
            json_only=e.get("json_only", False),
            unknown=e.get("unknown", False),
        )
        for e in entries
    ]


@dataclass(frozen=True)
class BadLink:
    """A whole query string that only a shared link can carry; `field` is where its error goes."""

    id: str
    query: str
    field: str


def load_bad_links() -> list[BadLink]:
    links = json.loads(CORPUS.read_text("utf-8"))["links"]
    return [BadLink(id=link["id"], query=link["query"], field=link["field"]) for link in links]
