"""The public pages are valid HTML by the Nu HTML Checker (vnu-jar, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.page_samples import make_sample_story

CANARY = '<!DOCTYPE html><html lang="en"><title>t</title><time datetime="soon">t</time>'
VNU = Path(__file__).parent / "browser/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.django_db
def test_public_pages_have_no_html_errors(client, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.fail("vnu.jar or java missing: run scripts/run-tests.sh, which installs both")
    files = {}
    for name, url in make_sample_story().items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[path.name] = url
    # A page with a known error proves the checker really read the files it was given
    # (vnu reports nothing at all for a file it cannot find).
    (tmp_path / "canary.html").write_text(CANARY)
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
            *(str(tmp_path / name) for name in files),
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
    assert [error for error in errors if error not in canary] == []
