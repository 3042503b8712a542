"""Valid HTML by the Nu HTML Checker (vnu-jar, run with Java): the public pages and the desk.

The desk lives inside the Django admin, whose own markup the checker accepts too, so its
pages are checked whole. htmx attributes are written ``data-hx-*`` for that reason.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import resolve

from stories.models import Story
from tests.support.factories import make_user
from tests.support.page_samples import make_sample_story

CANARY = '<!DOCTYPE html><html lang="en"><title>t</title><time datetime="soon">t</time>'
VNU = Path(__file__).parents[1] / "browser/node_modules/vnu-jar/build/dist/vnu.jar"


def html_errors(client, pages: dict[str, str], directory: Path) -> list[str]:
    """The checker's errors on each page ``client`` gets, as "name:line: message"."""
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("vnu.jar or java missing: run scripts/run-tests.sh, which installs both")
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = directory / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[path.name] = name
    # A page with a known error proves the checker really read the files it was given
    # (vnu reports nothing at all for a file it cannot find).
    (directory / "canary.html").write_text(CANARY)
    files["canary.html"] = "canary"
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *(str(directory / name) for name in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    canary = [error for error in errors if error.startswith("canary:")]
    assert len(canary) == 1 and "“soon”" in canary[0]
    return [error for error in errors if error not in canary]


@pytest.mark.django_db
def test_public_pages_have_no_html_errors(client, tmp_path, vapid_keys):
    # With alerts on, so the story page carries the "Notify me of key events" box.
    assert html_errors(client, make_sample_story(), tmp_path) == []


@pytest.mark.django_db
def test_desk_pages_have_no_html_errors(client, tmp_path):
    story = Story.objects.get(slug=resolve(make_sample_story()["story"]).kwargs["slug"])
    update = story.updates.first()
    desk = f"/admin/stories/story/{story.pk}/desk/"
    client.force_login(make_user(role="Editor"))
    pages = {
        "desk": desk,
        # Pages without JavaScript: editing and confirming a deletion.
        "desk editing": f"{desk}updates/{update.pk}/edit/",
        "desk deleting": f"{desk}updates/{update.pk}/delete/",
    }
    assert html_errors(client, pages, tmp_path) == []
