"""The provider catalogue: where a model can be fine-tuned and served, and what each charges.

Read once from data/providers.toml into frozen values. Every figure carries its unit, source and
"as of" date (it is a `Figure`, like the assumptions); a malformed entry fails loudly and names
the offending key, so a bad edit breaks the build rather than the numbers.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .assumptions import Figure, Range, figure_from_table, get_typed

__all__ = [
    "FINE_TUNING_STATES",
    "SERVING_KINDS",
    "Provider",
    "Tier",
    "load_providers",
    "provider_by_id",
    "resolve_provider",
]

FINE_TUNING_STATES = ("available", "closed", "none")
SERVING_KINDS = ("base-price", "premium", "hourly", "provisioned", "self-hosted")
TIERS = ("small", "flagship")

# Which per-tier figures each billing kind needs (besides base prices and training).
_SERVING_FIGURES = {
    "base-price": (),
    "premium": ("fine_tuned_multiplier",),
    "hourly": ("hosting_hourly",),
    "provisioned": ("provisioned_hourly",),
    "self-hosted": ("gpu_hourly", "gpus", "throughput", "training_throughput"),
}
_TOKEN_PRICES = ("input_price", "output_price", "training_price")


@dataclass(frozen=True, kw_only=True, slots=True)
class Tier:
    model: str
    figures: dict[str, Figure]

    def __getitem__(self, key: str) -> Range:
        return self.figures[key].range

    def has(self, key: str) -> bool:
        return key in self.figures


@dataclass(frozen=True, kw_only=True, slots=True)
class Provider:
    id: str
    name: str
    group: str  # "hosted" or "self-hosted": how the form groups the choice
    fine_tuning: str  # one of FINE_TUNING_STATES
    fine_tuned_serving: str  # one of SERVING_KINDS
    self_hosted: bool
    as_of: str
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    embedding_price: Figure
    tiers: dict[str, Tier]
    closed_from: str = ""
    closes_for_everyone: str = ""
    fine_tuned_models_end: str = ""  # when tuned models stop answering, if confirmed
    fine_tuned_models_end_for: str = ""  # which models that date is confirmed for

    def tier(self, name: str) -> Tier:
        return self.tiers[name]

    def figures(self) -> list[tuple[str, Figure]]:
        """Every dated figure of this provider, labelled with its tier, for the docs."""
        out = [("all tiers", self.embedding_price)]
        for name in TIERS:
            out += [(name, figure) for figure in self.tiers[name].figures.values()]
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "fine_tuning": self.fine_tuning,
            "fine_tuned_serving": self.fine_tuned_serving,
            "self_hosted": self.self_hosted,
            "as_of": self.as_of,
            "sources": list(self.sources),
            "notes": list(self.notes),
            "models": {name: self.tiers[name].model for name in TIERS},
        }


def _tier(table: dict[str, Any], where: str, serving: str, tunes: bool) -> Tier:
    model = get_typed(table, "model", str, where)
    needed = list(_SERVING_FIGURES[serving])
    if serving != "self-hosted":
        needed += list(_TOKEN_PRICES) if tunes else list(_TOKEN_PRICES[:2])
    figures: dict[str, Figure] = {}
    for key in table:
        if key == "model":
            continue
        entry = get_typed(table, key, dict, where)
        figures[key] = figure_from_table(f"{where}.{key}", key, {"label": key, **entry})
    missing = [key for key in needed if key not in figures]
    if missing:
        raise ValueError(f"{where}: {serving!r} billing needs {', '.join(missing)}")
    return Tier(model=model, figures=figures)


def _provider(table: dict[str, Any], index: int) -> Provider:
    where = f"providers[{index}]"
    pid = get_typed(table, "id", str, where)
    where = f"providers.{pid}"
    fine_tuning = get_typed(table, "fine_tuning", str, where)
    serving = get_typed(table, "fine_tuned_serving", str, where)
    if fine_tuning not in FINE_TUNING_STATES:
        raise ValueError(f"{where}.fine_tuning: expected one of {FINE_TUNING_STATES}")
    if serving not in SERVING_KINDS:
        raise ValueError(f"{where}.fine_tuned_serving: expected one of {SERVING_KINDS}")
    as_of = get_typed(table, "as_of", str, where)
    if len(as_of) != 10 or as_of[4] != "-" or as_of[7] != "-":
        raise ValueError(f"{where}.as_of: expected YYYY-MM-DD, got {as_of!r}")
    embedding = get_typed(table, "embedding_price", dict, where)
    return Provider(
        id=pid,
        name=get_typed(table, "name", str, where),
        group=get_typed(table, "group", str, where),
        fine_tuning=fine_tuning,
        fine_tuned_serving=serving,
        self_hosted=get_typed(table, "self_hosted", bool, where),
        as_of=as_of,
        sources=tuple(get_typed(table, "sources", list, where)),
        notes=tuple(table.get("notes", [])),
        embedding_price=figure_from_table(
            f"{where}.embedding_price", "embedding_price", {"label": "embedding", **embedding}
        ),
        tiers={
            name: _tier(
                get_typed(table, name, dict, where),
                f"{where}.{name}",
                serving,
                fine_tuning != "none",
            )
            for name in TIERS
        },
        closed_from=table.get("closed_from", ""),
        closes_for_everyone=table.get("closes_for_everyone", ""),
        fine_tuned_models_end=table.get("fine_tuned_models_end", ""),
        fine_tuned_models_end_for=table.get("fine_tuned_models_end_for", ""),
    )


def parse_providers(data: dict[str, Any]) -> tuple[Provider, ...]:
    entries = get_typed(data, "providers", list, "providers.toml")
    providers = tuple(_provider(entry, i) for i, entry in enumerate(entries))
    ids = [p.id for p in providers]
    if len(set(ids)) != len(ids) or "auto" in ids:
        raise ValueError("providers.toml: provider ids must be unique and not 'auto'")
    return providers


@cache
def load_providers() -> tuple[Provider, ...]:
    """The packaged catalogue, parsed once per process."""
    text = resources.files("calculator").joinpath("data/providers.toml").read_text("utf-8")
    return parse_providers(tomllib.loads(text))


def provider_by_id(pid: str) -> Provider:
    return next(p for p in load_providers() if p.id == pid)


# "auto": what we price when the reader has not chosen. Off the cloud only your own hardware can
# be reached; in the cloud, an open-weight LoRA host, because it is a place where fine-tuning is
# still open to everyone in late 2026 and serves adapters at the base model's price.
AUTO_CLOUD_PROVIDER = "fireworks"
AUTO_OFFLINE_PROVIDER = "self-hosted"


def resolve_provider(pid: str, deployment: str) -> Provider:
    """The provider an answer set is priced with (`auto` resolved by deployment)."""
    if pid == "auto":
        pid = AUTO_CLOUD_PROVIDER if deployment == "cloud" else AUTO_OFFLINE_PROVIDER
    return provider_by_id(pid)
