"""Claim statuses are defined once and stay readable: words, symbols and colours."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from stories import claim_status
from stories.models import Claim

CSS = Path(settings.BASE_DIR) / "static" / "css"
WCAG_AA_TEXT = 4.5


def custom_properties(css: str) -> dict[str, dict[str, str]]:
    """The ``--name: #hex`` properties of the light ``:root`` and the dark-scheme one."""
    dark_block = re.search(
        r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(?P<body>[^}]*)\}", css
    )
    light_css = css.replace(dark_block[0], "") if dark_block else css
    light_block = re.search(r":root\s*\{(?P<body>[^}]*)\}", light_css)

    def props(body: str) -> dict[str, str]:
        return dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;", body))

    return {
        "light": props(light_block["body"]) if light_block else {},
        "dark": props(dark_block["body"]) if dark_block else {},
    }


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_known_wcag_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("status", Claim.Status.values)
def test_status_label_text_has_at_least_aa_contrast_on_its_background(scheme, status):
    colours = custom_properties((CSS / "claim-status.css").read_text())[scheme]
    foreground = colours[f"--status-{status}-fg"]
    background = colours[f"--status-{status}-bg"]
    assert contrast_ratio(foreground, background) >= WCAG_AA_TEXT, (scheme, status)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_claim_history_text_has_at_least_aa_contrast_on_the_claim_card(scheme):
    colours = custom_properties((CSS / "site.css").read_text())[scheme]
    assert contrast_ratio(colours["--muted"], colours["--card"]) >= WCAG_AA_TEXT


def test_every_status_has_a_colour_rule_using_its_custom_properties():
    css = (CSS / "claim-status.css").read_text()
    for status in Claim.Status.values:
        rule = re.search(rf"\.{claim_status.style_for(status).css_class}\s*\{{([^}}]*)\}}", css)
        assert rule, status
        assert f"var(--status-{status}-bg)" in rule[1] and f"var(--status-{status}-fg)" in rule[1]


def test_badge_shows_symbol_and_word_so_colour_is_never_alone():
    for status in Claim.Status.values:
        style = claim_status.style_for(status)
        html = claim_status.badge(status)
        assert style.css_class in html
        assert f'aria-hidden="true">{style.symbol}</span> {style.label}</span>' in html
    symbols = [claim_status.style_for(s).symbol for s in Claim.Status.values]
    assert len(set(symbols)) == len(symbols)


def test_only_verdicts_carry_a_rating_on_googles_scale():
    ratings = {s: claim_status.style_for(s).rating_value for s in Claim.Status.values}
    assert ratings == {"unverified": None, "confirmed": 5, "disputed": 3, "false": 1}
    assert claim_status.BEST_RATING == 5 and claim_status.WORST_RATING == 1
