"""Small helpers that make test data; keyword arguments override the defaults."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from stories.models import Claim, Source, Story, Update

_numbers = itertools.count(1)
# Every user made here has it, so tests can log in through the login form.
PASSWORD = "a-long-test-password"


def make_user(*, role: str | None = None, **kwargs):
    n = next(_numbers)
    kwargs.setdefault("username", f"user{n}")
    kwargs.setdefault("is_staff", role is not None)
    password = kwargs.pop("password", PASSWORD)
    user = get_user_model().objects.create_user(password=password, **kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_story(**kwargs) -> Story:
    n = next(_numbers)
    kwargs.setdefault("title", f"Story {n}")
    kwargs.setdefault("slug", f"story-{n}")
    kwargs.setdefault("status", Story.Status.LIVE)
    return Story.objects.create(**kwargs)


def make_update(story: Story | None = None, **kwargs) -> Update:
    kwargs.setdefault("body", f"Update body {next(_numbers)}")
    kwargs.setdefault("published_at", timezone.now() - timedelta(seconds=1))
    return Update.objects.create(story=story or make_story(), **kwargs)


def make_source(**kwargs) -> Source:
    n = next(_numbers)
    kwargs.setdefault("name", f"Source {n}")
    kwargs.setdefault("kind", Source.Kind.GOVERNMENT)
    return Source.objects.create(**kwargs)


def make_claim(update: Update | None = None, **kwargs) -> Claim:
    kwargs.setdefault("text", f"Something was said {next(_numbers)}")
    if "source" not in kwargs:
        kwargs["source"] = make_source()
    return Claim.objects.create(update=update or make_update(), **kwargs)
