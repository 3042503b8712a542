"""The demo story shows embedded posts and saved copies stored with it: no internet needed."""

import gzip
import hashlib
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from stories.evidence.jobs import capture_saved_copy
from stories.models import SavedCopy, Story

pytestmark = pytest.mark.django_db


def test_the_demo_story_shows_two_embedded_posts_and_two_saved_copies(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_FETCH_ALLOWED_HOSTS = []
    call_command("load_demo", verbosity=0)
    story = Story.objects.get(slug="bakhmut-front-live")
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 100}

    html = client.get(story.get_absolute_url()).content.decode()

    assert len(re.findall(r'<figure class="embed-card"', html)) >= 2
    assert html.count("Show the original post") >= 2
    assert len(re.findall(r"Saved copy, <time", html)) >= 4
    assert "Original deleted" in html and "Original changed since" in html
    stored = SavedCopy.objects.done().filter(update__story=story)
    assert stored.count() >= 4
    for copy in stored:
        with default_storage.open(copy.body_file) as body:
            assert hashlib.sha256(gzip.decompress(body.read())).hexdigest() == copy.sha256
        assert client.get(f"/saved-copies/{copy.pk}/").status_code == 200


def test_the_demos_stored_copies_are_left_alone_by_their_jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    done = list(SavedCopy.objects.done().values_list("pk", "sha256"))

    # Each was asked for when its update or claim was saved; its job finds it done.
    answers = {capture_saved_copy.call(pk) for pk, _ in done}

    assert answers == {"nothing to do"}
    assert list(SavedCopy.objects.done().values_list("pk", "sha256")) == done
