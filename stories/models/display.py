"""Co-authors and tags read with the updates themselves, not by two more queries.

A page or a poll answer shows each update's co-authors and tags. Prefetching them costs
two queries per page and per poll with changes, paid by every cache miss. Instead
``with_people_and_tags()`` adds two correlated subqueries to the updates query, each a
JSON list of rows (``json_agg`` on PostgreSQL, ``json_group_array`` on SQLite), and
``DisplayIterable`` turns them into model instances kept on the update, where
``shown(update, "co_authors")`` and ``shown(update, "tags")`` read them: pages, polls,
feeds and the API read them so (``update.tags.all()`` would ask the database again).
They are not put in the prefetch cache, which would make a related manager for each
(most of their cost) and which the managers' own writes read through.
"""

import functools
import json

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import JSONArray
from django.db.models.query import ModelIterable

from stories.models.tags import Tag

# The fields of each row read, in order: what bylines and tag links show.
PERSON_FIELDS = ("id", "username", "first_name", "last_name")
TAG_FIELDS = ("id", "name", "slug")
CO_AUTHORS, TAGS = "_shown_co_authors", "_shown_tags"
SHOWN = "_shown_with_update"


class JSONRows(models.Aggregate):
    """The aggregated rows as one JSON list."""

    function = "JSON_AGG"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def _rows(relation, prefix: str, fields: tuple[str, ...]) -> models.Subquery:
    """One JSON list of ``fields`` of an update's rows in the M2M ``relation``."""
    through = relation.through.objects.filter(update=models.OuterRef("pk"))
    listed = JSONArray(*(f"{prefix}__{name}" for name in fields))
    return models.Subquery(
        through.values("update").annotate(rows=JSONRows(listed)).values("rows"),
        output_field=models.TextField(),
    )


@functools.cache
def _subqueries() -> dict:
    """Made once: each query resolves its own copy of an expression."""
    from stories.models.updates import Update

    return {
        CO_AUTHORS: _rows(Update.co_authors, "user", PERSON_FIELDS),
        TAGS: _rows(Update.tags, "tag", TAG_FIELDS),
    }


def with_people_and_tags(queryset: models.QuerySet) -> models.QuerySet:
    annotated = queryset.annotate(**_subqueries())
    annotated._iterable_class = DisplayIterable
    return annotated


def shown(update, name: str) -> list:
    """``update.<name>.all()`` as a list, without making a related manager: the rows read
    with the update (co-authors and tags, ``for_display()``) or prefetched with it (its
    claims), else a query. A page asks for an update's claims half a dozen times. The
    list is the one kept on the update: read it, do not change it."""
    rows = update.__dict__.get(SHOWN, {}).get(name)
    if rows is None:
        prefetched = update.__dict__.get("_prefetched_objects_cache", {}).get(name)
        rows = None if prefetched is None else prefetched._result_cache
    return rows if rows is not None else list(getattr(update, name).all())


def _instances(model, fields, listed, using: str) -> list:
    # Text on SQLite; psycopg may already have decoded PostgreSQL's json.
    rows = json.loads(listed) if isinstance(listed, str) else listed or []
    return [model.from_db(using, fields, row) for row in rows]


def _people_by_name(person) -> tuple[str, str, str]:
    return (person.last_name, person.first_name, person.username)


class DisplayIterable(ModelIterable):
    """Updates whose co-authors and tags came as JSON with them (see the module's text)."""

    def __iter__(self):
        using = self.queryset.db
        person = get_user_model()
        for update in super().__iter__():
            people = _instances(person, PERSON_FIELDS, update.__dict__.pop(CO_AUTHORS), using)
            tags = _instances(Tag, TAG_FIELDS, update.__dict__.pop(TAGS), using)
            people.sort(key=_people_by_name)
            tags.sort(key=lambda tag: tag.name)
            update.__dict__[SHOWN] = {"co_authors": people, "tags": tags}
            yield update
