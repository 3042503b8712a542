"""A tampered selection on any admin list gets a message, never a server error."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.support.factories import make_story

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.mark.django_db
@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
@pytest.mark.parametrize("selected", ["abc", "1e3", "99999999999999999999999", "\u0661"])
def test_an_unreadable_selection_is_refused_with_a_message(
    admin_client, app_label, model_name, selected
):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [selected], "index": "0"}
    )
    assert response.status_code in (200, 302, 403)


@pytest.mark.django_db
def test_a_readable_selection_still_reaches_the_action(admin_client):
    story = make_story()
    url = reverse("admin:stories_story_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [str(story.pk)], "index": "0"}
    )
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()
