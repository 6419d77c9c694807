"""`<!-- preset:ID -->` markers on guide pages become calculator links (sitebuild.fragments)."""

from __future__ import annotations

import pytest

from calculator.web import preset_markdown, preset_query
from sitebuild.fragments import render_preset_links

pytestmark = pytest.mark.site


def test_marker_becomes_a_link_to_the_calculator_with_the_presets_query() -> None:
    page = "Some prose.\n\n<!-- preset:voice-assistant -->\n"
    expected = f"calculator.md?{preset_query('voice-assistant')}"
    assert f"({expected})" in render_preset_links("when-fine-tuning-wins.md", page)
    assert "Open this example in the calculator" in preset_markdown("voice-assistant")


def test_marker_link_is_relative_to_a_nested_page() -> None:
    rendered = render_preset_links("deep/page.md", "<!-- preset:market-reports -->")
    assert f"(../calculator.md?{preset_query('market-reports')})" in rendered


def test_unknown_marker_fails_the_build() -> None:
    with pytest.raises(KeyError, match="no preset 'voice'"):
        render_preset_links("x.md", "<!-- preset:voice -->")
