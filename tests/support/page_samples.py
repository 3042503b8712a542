"""A story with every kind of thing the public pages show, for the page checkers.

Used by the HTML validity test and the accessibility browser tests, which must look at
the same pages: the home page, a story, permalinks, sources and the embed.
"""

from datetime import timedelta

from django.utils import timezone

from stories.models import Claim, Story
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def make_sample_story() -> dict[str, str]:
    """Create the sample data; return the public pages' paths by name."""
    story = make_story(
        title="Storm reaches the coast",
        summary="Live coverage of the storm & its aftermath.",
        time_zone="Europe/Kyiv",
    )
    make_story(title="Election night", status=Story.Status.ENDED)
    author = make_user(first_name="Ana", last_name="Lima")
    now = timezone.now()
    ministry = make_source(name="Interior ministry", url="https://ministry.example/")
    coast_guard = make_source(name="Coast guard")
    first = make_update(
        story,
        author=author,
        headline="Landfall near the port",
        body="Wind at **120 km/h**.\n\n> Stay indoors.\n\n- roads closed\n- schools shut",
        is_key_event=True,
        published_at=now - timedelta(hours=3),
    )
    statement = make_claim(
        first,
        source=ministry,
        text="Nine boats are missing",
        is_verbatim=True,
        source_url="https://ministry.example/statement",
        stated_at=now - timedelta(hours=3, minutes=10),
        note="We are checking with the harbour master.",
    )
    make_claim(first, source=coast_guard, text="Two boats were found", status="confirmed")
    second = make_update(
        story,
        author=author,
        body="Power is out in the old town. [Map](https://maps.example/)",
        published_at=now - timedelta(hours=2),
    )
    make_claim(
        second,
        source=coast_guard,
        text="Seven boats are still missing",
        attribution=Claim.Attribution.ESTIMATE,
        responds_to=statement,
        status="disputed",
    )
    make_claim(second, source=ministry, text="The port is open", status="false")
    second.body = "Power is out in the old town and the harbour."
    second.correction_note = "We first said only the old town."
    second.save()
    statement.status = Claim.Status.CONFIRMED
    statement.save()
    make_update(story, headline="What we know", body="A summary.", is_pinned=True)
    ukrainian = make_story(title="Харків без світла", language="uk", time_zone="Europe/Kyiv")
    make_claim(
        make_update(ukrainian, headline="Пошкоджено підстанцію", is_key_event=True),
        source=ministry,
        text="Світло повернуть до вечора",
        status="disputed",
    )
    return {
        "story in Ukrainian": ukrainian.get_absolute_url(),
        "home": "/",
        "story": story.get_absolute_url(),
        "permalink": first.get_absolute_url(),
        "permalink without headline": second.get_absolute_url(),
        "source list": "/sources/",
        "source": ministry.get_absolute_url(),
        "embed": f"/stories/{story.slug}/embed/",
    }
