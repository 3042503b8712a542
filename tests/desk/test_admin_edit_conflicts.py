"""The stock admin's change pages refuse to save over a colleague's later change.

Two editors open the same page; the second saves; the first then saves from the page as
it was opened. Without the check both got 302 and the second editor's work was silently
undone (stories/admin/conflicts.py).
"""

import threading

import lxml.html
import pytest
from django.db import connection
from django.test import Client

from stories import services
from stories.models import Claim, Update
from tests.support.factories import make_claim, make_story, make_update, make_user

CONFLICT = "Someone changed this since you opened it"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_of(html: bytes | str, form_id: str) -> dict[str, list[str]]:
    """An admin form's values as the browser would submit them."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    # A browser drops the newline that starts a textarea's content (Django writes one).
    textareas = {textarea.name for textarea in form.iter("textarea")}
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        if name in textareas:
            value = value.removeprefix("\n")
        data.setdefault(name, []).append(value)
    return data


def open_form(client: Client, url: str, form_id: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return form_of(response.content, form_id)


def inline_index(data: dict, claim: Claim) -> int:
    return next(n for n in range(10) if data.get(f"claims-{n}-id") == [str(claim.pk)])


@pytest.fixture
def ana(db):
    return logged_in(make_user(role="Editor", username="ana"))


@pytest.fixture
def ben(db):
    return logged_in(make_user(role="Editor", username="ben"))


@pytest.fixture
def update(db):
    update = make_update(make_story(), headline="Dam holds", body="Water level stable.")
    make_claim(update, text="The dam is intact", status=Claim.Status.UNVERIFIED)
    return update


def update_url(update) -> str:
    return f"/admin/stories/update/{update.pk}/change/"


def assert_refused_keeping_what_was_typed(response, form_id: str, sent: dict) -> dict:
    """The page is shown again with the error and every value as the editor sent it."""
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html and "review and save again" in html
    shown = form_of(response.content, form_id)
    for name, values in sent.items():
        if name not in ("seen_version", "csrfmiddlewaretoken"):
            assert shown.get(name) == values, name
    return shown


@pytest.mark.django_db
def test_update_saved_from_an_older_page_is_refused_and_keeps_the_colleagues_work(ana, ben, update):
    claim = update.claims.get()
    mine = open_form(ana, update_url(update), "update_form")
    theirs = open_form(ben, update_url(update), "update_form")
    theirs["headline"] = ["Dam breached"]
    theirs[f"claims-{inline_index(theirs, claim)}-status"] = ["confirmed"]
    assert ben.post(update_url(update), theirs).status_code == 302

    mine["body"] = ["Water level rising."]
    response = ana.post(update_url(update), mine)

    shown = assert_refused_keeping_what_was_typed(response, "update_form", mine)
    update.refresh_from_db()
    claim.refresh_from_db()
    assert (update.headline, update.body) == ("Dam breached", "Water level stable.")
    assert claim.status == Claim.Status.CONFIRMED
    # Warned once: the page as shown saves, and replaces the colleague's version.
    assert ana.post(update_url(update), shown).status_code == 302
    update.refresh_from_db()
    assert (update.headline, update.body) == ("Dam holds", "Water level rising.")


@pytest.mark.django_db
def test_update_page_is_refused_when_a_claim_status_changed_since_it_was_opened(ana, ben, update):
    claim = update.claims.get()
    mine = open_form(ana, update_url(update), "update_form")
    claim_url = f"/admin/stories/claim/{claim.pk}/change/"
    theirs = open_form(ben, claim_url, "claim_form")
    theirs["status"] = ["false"]
    assert ben.post(claim_url, theirs).status_code == 302

    mine[f"claims-{inline_index(mine, claim)}-note"] = ["Checked with the operator."]
    assert_refused_keeping_what_was_typed(ana.post(update_url(update), mine), "update_form", mine)
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (Claim.Status.FALSE, "")


@pytest.mark.django_db
def test_claim_saved_from_an_older_page_is_refused_and_keeps_its_new_status(ana, ben, update):
    claim = update.claims.get()
    url = f"/admin/stories/claim/{claim.pk}/change/"
    mine = open_form(ana, url, "claim_form")
    theirs = open_form(ben, url, "claim_form")
    theirs["status"] = ["confirmed"]
    assert ben.post(url, theirs).status_code == 302

    mine["note"] = ["Asked the operator."]
    assert_refused_keeping_what_was_typed(ana.post(url, mine), "claim_form", mine)
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (Claim.Status.CONFIRMED, "")
    assert [c.to_status for c in claim.status_changes.all()] == ["confirmed"]


@pytest.mark.django_db
def test_claim_page_is_not_refused_because_another_claim_of_the_update_changed(ana, update):
    claim = update.claims.get()
    url = f"/admin/stories/claim/{claim.pk}/change/"
    mine = open_form(ana, url, "claim_form")
    sibling = make_claim(update, text="Roads closed")
    sibling.status = Claim.Status.CONFIRMED
    sibling.save()
    mine["note"] = ["Asked the operator."]
    assert ana.post(url, mine).status_code == 302
    claim.refresh_from_db()
    assert claim.note == "Asked the operator."


@pytest.mark.django_db
def test_story_saved_from_an_older_page_is_refused_and_keeps_the_new_title(ana, ben):
    story = make_story(title="Floods", summary="Rivers rising.")
    url = f"/admin/stories/story/{story.pk}/change/"
    mine = open_form(ana, url, "story_form")
    theirs = open_form(ben, url, "story_form")
    theirs["title"] = ["Floods in the valley"]
    assert ben.post(url, theirs).status_code == 302

    mine["summary"] = ["Two rivers over their banks."]
    assert_refused_keeping_what_was_typed(ana.post(url, mine), "story_form", mine)
    story.refresh_from_db()
    assert (story.title, story.summary) == ("Floods in the valley", "Rivers rising.")


@pytest.mark.django_db
def test_story_page_is_not_refused_because_a_journalist_posted_meanwhile(ana):
    story = make_story(title="Floods", summary="Rivers rising.")
    url = f"/admin/stories/story/{story.pk}/change/"
    mine = open_form(ana, url, "story_form")
    services.publish_update(story=story, author=make_user(role="Journalist"), body="Rain again.")
    make_claim(make_update(story))
    mine["summary"] = ["Two rivers over their banks."]
    assert ana.post(url, mine).status_code == 302
    story.refresh_from_db()
    assert story.summary == "Two rivers over their banks."
    assert story.updates.count() == 2


@pytest.mark.django_db
def test_read_only_change_page_carries_no_version_field(update):
    other = logged_in(make_user(role="Journalist"))
    html = other.get(update_url(update)).content.decode()
    assert 'name="_save"' not in html
    assert "seen_version" not in html and "Seen version" not in html


@pytest.mark.django_db(transaction=True)
def test_two_admin_saves_at_the_same_moment_from_one_page_let_exactly_one_win():
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions; `make test` runs it on PostgreSQL")
    update = make_update(make_story(), headline="Dam holds", body="Water level stable.")
    # Superusers: a flushed transactional database has lost the migrations' groups.
    editors = [
        make_user(username=name, is_staff=True, is_superuser=True) for name in ("ana", "ben")
    ]
    clients = {editor.username: logged_in(editor) for editor in editors}
    opened = open_form(clients["ana"], update_url(update), "update_form")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name):
        try:
            barrier.wait()
            response = clients[name].post(update_url(update), {**opened, "body": [f"By {name}"]})
            refused = response.status_code == 200 and CONFLICT in response.content.decode()
            outcomes[name] = "refused" if refused else response.status_code
        except Exception as error:  # shown by the assertion below
            outcomes[name] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[name]) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values(), key=str) == [302, "refused"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == 302)
    assert Update.objects.get(pk=update.pk).body == f"By {winner}"
