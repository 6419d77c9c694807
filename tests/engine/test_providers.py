"""The provider catalogue: its contract, its dates and sources, and the `provider` answer."""

from __future__ import annotations

import json
import re

import pytest

from calculator import InputError, parse_answers
from calculator.providers import SERVING_KINDS, load_providers, parse_providers
from tests.engine.test_cli import cli

REQUIRED_IDS = {"guide", "openai", "azure-openai", "fireworks", "bedrock", "self-hosted"}


def _cli(*args: str, stdin: str = "") -> tuple[int, str]:
    """The CLI in-process (no subprocess, so this runs inside Pyodide too)."""
    status, out, _ = cli(list(args), stdin)
    return status, out


def test_the_cli_lists_the_catalogue_in_the_public_contracts_shape() -> None:
    status, out = _cli("providers", "--format", "json")
    assert 0 == status
    providers = json.loads(out)["providers"]
    assert REQUIRED_IDS <= {p["id"] for p in providers}
    for p in providers:
        assert p["fine_tuning"] in {"available", "closed", "none"}
        assert p["fine_tuned_serving"] in SERVING_KINDS
        assert isinstance(p["self_hosted"], bool)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["as_of"])
        assert p["sources"] and all(isinstance(s, str) and s for s in p["sources"])


@pytest.mark.parametrize(
    ("pid", "fine_tuning", "serving"),
    [
        ("openai", "closed", "premium"),
        ("azure-openai", "available", "hourly"),
        ("fireworks", "available", "base-price"),
        ("bedrock", "available", "provisioned"),
        ("self-hosted", "available", "self-hosted"),
    ],
)
def test_each_provider_is_billed_the_way_it_bills_in_2026(
    pid: str, fine_tuning: str, serving: str
) -> None:
    provider = next(p for p in load_providers() if p.id == pid)
    assert (fine_tuning, serving) == (provider.fine_tuning, provider.fine_tuned_serving)


def test_openai_carries_its_wind_down_dates() -> None:
    openai = next(p for p in load_providers() if p.id == "openai")
    assert ("2026-05-07", "2027-01-06") == (openai.closed_from, openai.closes_for_everyone)
    assert any("2 July 2026" in note for note in openai.notes)


def test_every_provider_figure_has_a_unit_a_source_and_a_date() -> None:
    for provider in load_providers():
        for tier, figure in provider.figures():
            assert figure.unit and figure.source and figure.as_of, (provider.id, tier, figure.key)


def test_only_self_hosted_entries_are_offered_offline() -> None:
    assert ["self-hosted"] == [p.id for p in load_providers() if p.self_hosted]


@pytest.mark.parametrize("deployment", ["edge", "air-gapped"])
@pytest.mark.parametrize("pid", ["openai", "azure-openai", "fireworks", "bedrock", "guide"])
def test_a_hosted_provider_offline_is_an_error_on_the_provider_field(
    deployment: str, pid: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({"deployment": deployment, "provider": pid})
    [error] = caught.value.errors
    assert "provider" == error.field
    assert "hosted service" in error.message


def test_an_unknown_provider_is_an_error_on_the_provider_field() -> None:
    status, out = _cli("costs", "--format", "json", stdin='{"provider": "acme"}')
    assert 2 == status
    assert ["provider"] == [e["field"] for e in json.loads(out)["errors"]]


def test_costs_output_adds_provider_one_off_first_year_latency_and_breakdown() -> None:
    costs = json.loads(_cli("costs", "--format", "json", stdin='{"provider": "azure-openai"}')[1])
    assert "azure-openai" == costs["provider"]
    for key in ("monthly", "one_off", "first_year", "latency_ms"):
        assert {"rag", "fine-tuning", "hybrid"} == set(costs[key])
        assert all({"low", "high"} == set(v) for v in costs[key].values())
    for parts in costs["breakdown"].values():
        assert parts and all({"component", "low", "high", "kind"} <= set(p) for p in parts)
        assert {p["kind"] for p in parts} <= {"monthly", "one-off"}


def test_auto_prices_offline_deployments_on_your_own_gpus() -> None:
    _, out = _cli("costs", "--format", "json", stdin='{"deployment": "edge"}')
    assert "self-hosted" == json.loads(out)["provider"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"fine_tuned_serving": "monthly"}, "fine_tuned_serving"),
        ({"as_of": "May 2026"}, "expected YYYY-MM-DD"),
        ({"id": "auto"}, "not 'auto'"),
    ],
)
def test_a_malformed_catalogue_entry_fails_loudly(change: dict[str, str], words: str) -> None:
    entry = {
        "id": "x",
        "name": "X",
        "group": "hosted",
        "fine_tuning": "available",
        "fine_tuned_serving": "base-price",
        "self_hosted": False,
        "as_of": "2026-01-01",
        "sources": ["s"],
        "embedding_price": {"value": 0.0, "unit": "u", "source": "s", "as_of": "2026"},
    }
    price = {"value": 1.0, "unit": "u", "source": "s", "as_of": "2026"}
    tier = {"model": "m", "input_price": price, "output_price": price, "training_price": price}
    with pytest.raises(ValueError, match=words):
        parse_providers({"providers": [{**entry, "small": tier, "flagship": tier, **change}]})


def test_a_billing_kind_without_its_figure_fails_naming_it() -> None:
    price = {"value": 1.0, "unit": "u", "source": "s", "as_of": "2026"}
    tier = {"model": "m", "input_price": price, "output_price": price, "training_price": price}
    entry = {
        "id": "x",
        "name": "X",
        "group": "hosted",
        "fine_tuning": "available",
        "fine_tuned_serving": "hourly",
        "self_hosted": False,
        "as_of": "2026-01-01",
        "sources": ["s"],
        "embedding_price": price,
        "small": tier,
        "flagship": tier,
    }
    with pytest.raises(ValueError, match="hosting_hourly"):
        parse_providers({"providers": [entry]})
