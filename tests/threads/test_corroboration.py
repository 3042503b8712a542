"""The corroboration label, one case per rule of stories/corroboration.py."""

import pytest

from stories.corroboration import corroboration
from stories.models import Claim
from tests.support.factories import make_claim, make_source, make_update

RUSSIA, UKRAINE = {"side": "Russia"}, {"side": "Ukraine"}
INDEPENDENT = {"is_independent": True}


def thread_of(*makers):
    """Claims of one thread: each maker is (source fields, stance), made in this order."""
    update, claims, sources = make_update(), [], {}
    for n, (fields, stance) in enumerate(makers):
        key = (n if fields.get("new", True) else fields["name"],)
        fields = {k: v for k, v in fields.items() if k != "new"}
        source = sources.get(key) or make_source(**fields)
        sources[key] = source
        thread = claims[0].thread if claims else None
        claim = make_claim(
            update, source=source, stance=stance, **({"thread": thread} if thread else {})
        )
        claims.append(claim)
    return Claim.objects.filter(thread=claims[0].thread).select_related("source").order_by("pk")


S, C = Claim.Stance.SUPPORTS, Claim.Stance.CONTRADICTS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("makers", "label"),
    [
        ([(RUSSIA, S)], "Single source"),
        ([(RUSSIA, S), (RUSSIA, S)], "2 sources, same side"),
        ([(RUSSIA, S), (RUSSIA, S), (RUSSIA, S)], "3 sources, same side"),
        ([(RUSSIA, S), (INDEPENDENT, S)], "Corroborated by an independent source"),
        ([(INDEPENDENT, S), (INDEPENDENT, S)], "Corroborated by an independent source"),
        ([(INDEPENDENT, S)], "Single source"),
        ([(RUSSIA, S), (UKRAINE, S)], "2 sources, from different sides"),
        ([(RUSSIA, S), ({}, S)], "2 sources"),
        ([(RUSSIA, S), ({"name": "Kyiv", **UKRAINE}, C)], "Contradicted by Kyiv"),
        ([(RUSSIA, S), (INDEPENDENT, S), ({"name": "Kyiv", **UKRAINE}, C)], "Contradicted by Kyiv"),
        (
            [(RUSSIA, S), ({"name": "Kyiv", **UKRAINE}, C), ({"name": "ISW", **INDEPENDENT}, C)],
            "Contradicted by Kyiv and 1 other source",
        ),
    ],
)
def test_each_case_gets_its_label(makers, label):
    assert corroboration(thread_of(*makers)).label == label


@pytest.mark.django_db
def test_a_source_repeating_itself_counts_once():
    source = make_source(side="Russia")
    first = make_claim(source=source)
    make_claim(source=source, thread=first.thread)
    claims = Claim.objects.filter(thread=first.thread).select_related("source")
    assert corroboration(claims).label == "Single source"


@pytest.mark.django_db
def test_sides_are_compared_whatever_their_case_and_spacing():
    first = make_claim(source=make_source(side="Russia"))
    make_claim(source=make_source(side="  russia "), thread=first.thread)
    claims = Claim.objects.filter(thread=first.thread).select_related("source")
    assert corroboration(claims).label == "2 sources, same side"
