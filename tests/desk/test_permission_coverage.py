"""Every desk endpoint is in the permission matrix of tests/desk/test_permissions.py.

The matrix checks each action for each role over htmx and without it; this keeps an
endpoint added to the desk later from going untested.
"""

import pytest
from django.contrib import admin
from django.urls import resolve

from stories.desk import urls as desk
from stories.models import Story
from tests.desk.test_permissions import ACTIONS, EXPECTED, World
from tests.support.factories import make_story, make_update


@pytest.mark.django_db
def test_every_desk_endpoint_is_in_the_permission_matrix():
    story = make_story()
    submission = make_update(story, state="submitted")
    world = World(story=story, update=make_update(story), users={}, submission=submission)
    endpoints = {pattern.name for pattern in desk.urls(admin.site.get_model_admin(Story))}
    covered = set()
    for make in ACTIONS.values():
        _method, url, _data = make(world)
        covered.add(resolve(url.split("?")[0]).url_name)
    assert endpoints <= covered, sorted(endpoints - covered)
    assert set(ACTIONS) == set(EXPECTED)
