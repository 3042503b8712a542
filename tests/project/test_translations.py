"""Every interface string has a Ukrainian translation, and the catalogue is complete.

The catalogue test runs ``makemessages`` over the code and templates into a copy of
``locale/``: a string added or changed without its translation shows up there as
untranslated (new) or fuzzy (changed), and is named in the failure.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "uk" / "LC_MESSAGES" / "django.po"
# Where interface strings live; makemessages reads a copy of them, with a copy of the
# catalogue beside, so the real one is never written.
SOURCES = ("liveblog", "stories", "templates", "locale")


def problems(catalogue: polib.POFile) -> list[str]:
    """The entries that a reader of Ukrainian would see in English, or wrongly."""
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
    return found


def test_the_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata["Language"] == "uk"
    assert not catalogue.metadata_is_fuzzy
    assert len(catalogue) > 250
    assert problems(catalogue) == []


def test_every_interface_string_in_code_and_templates_is_in_the_catalogue(
    tmp_path, settings, monkeypatch
):
    if shutil.which("xgettext") is None:
        pytest.fail("gettext's xgettext is needed: scripts/run-tests.sh installs it")
    for name in SOURCES:
        shutil.copytree(BASE / name, tmp_path / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["uk"], no_location=True, verbosity=0)
    extracted = polib.pofile(str(tmp_path / "locale" / "uk" / "LC_MESSAGES" / "django.po"))
    assert problems(extracted) == [], "run makemessages -l uk and translate these"
    # And the committed catalogue holds no string the code no longer has.
    current = {entry.msgid for entry in extracted if not entry.obsolete}
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    assert committed - current == set()


def test_the_problem_finder_reports_a_missing_and_a_fuzzy_translation():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Live", msgstr="Наживо"))
    catalogue.append(polib.POEntry(msgid="New words", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Changed", msgstr="Змінено", flags=["fuzzy"]))
    assert problems(catalogue) == ["untranslated: 'New words'", "fuzzy: 'Changed'"]
