"""The GitHub workflows: nothing deploys untested, pull requests run the same tests, and no
browser is ever downloaded (Chromium comes from Debian's packages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    # BaseLoader: YAML 1.1 would read the `on:` key as True.
    return dict(yaml.load((WORKFLOWS / name).read_text(), Loader=yaml.BaseLoader))


def test_pages_deploys_only_what_was_built_after_the_tests_passed() -> None:
    jobs = workflow("pages.yml")["jobs"]
    assert "./.github/workflows/tests.yml" == jobs["test"]["uses"]
    assert "test" == jobs["build"]["needs"]
    assert "build" == jobs["deploy"]["needs"]


def test_pull_requests_and_deployments_run_make_test_through_the_ci_script() -> None:
    tests = workflow("tests.yml")
    assert {"pull_request", "workflow_call"} <= set(tests["on"])
    (job,) = tests["jobs"].values()
    assert [".ci/run"] == [step["run"] for step in job["steps"] if step.get("run") == ".ci/run"]
    script = (ROOT / ".ci" / "run").read_text()
    assert 'make test PYTEST_ARGS="${PYTEST_ARGS:--ra}"' in script
    assert "need_apt+=(chromium)" in script


def test_no_workflow_or_script_downloads_a_browser() -> None:
    lines = [
        line
        for path in [*WORKFLOWS.glob("*.yml"), ROOT / ".ci" / "run"]
        for line in path.read_text().splitlines()
        if not line.lstrip().startswith("#")
    ]
    assert [] == [line for line in lines if "playwright install" in line]
