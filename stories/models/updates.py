"""Updates: the timestamped posts of a story's stream."""

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from stories import keyset
from stories.evidence import services as evidence
from stories.live import versions
from stories.models import display
from stories.models.claims import Claim
from stories.models.stories import Story
from stories.models.tags import Tag
from stories.rich_text import plain_text, render_markdown, strip_unsafe_characters
from stories.update_state import UpdateState

# The key-events box shows this many, newest first, on the page and in poll answers.
KEY_EVENTS_SHOWN = 30


class UpdateQuerySet(models.QuerySet):
    def published(self, now=None):
        """Updates readers may see: published, due (not scheduled for later), in a public story."""
        return self.due(now).exclude(story__status=Story.Status.DRAFT)

    def due(self, now=None):
        """Published updates whose publication time has come, whatever their story's status."""
        return self.filter(state=UpdateState.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        """Published updates whose publication time is still to come."""
        return self.filter(state=UpdateState.PUBLISHED, published_at__gt=now or timezone.now())

    def unreleased(self):
        """Published updates whose becoming due has not yet advanced the cursor (rule 4)."""
        return self.filter(state=UpdateState.PUBLISHED, is_released=False)

    def in_review(self):
        """Submitted for an editor's review."""
        return self.filter(state=UpdateState.SUBMITTED)

    def drafts(self):
        return self.filter(state=UpdateState.DRAFT)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_display(self):
        """With everything an update's template shows: the updates' query (co-authors and
        tags come with it, see display.py) and one for the claims."""
        shown = self.select_related("author", "story").prefetch_related(
            models.Prefetch("claims", queryset=Claim.objects.in_shown_update()),
        )
        return display.with_people_and_tags(shown)

    def key_events(self):
        return self.filter(is_key_event=True)

    def key_events_box(self):
        """The key events a story's box shows: the newest ``KEY_EVENTS_SHOWN``."""
        return self.key_events().newest_first()[:KEY_EVENTS_SHOWN]

    def pinned(self):
        """The update shown above the stream (one per story at most)."""
        return self.filter(is_pinned=True)

    def with_claims_from(self, source):
        """Updates carrying at least one claim from ``source``."""
        return self.filter(
            models.Exists(Claim.objects.filter(update=models.OuterRef("pk"), source=source))
        )

    def tagged(self, tag):
        """Updates filed under ``tag``."""
        return self.filter(tags=tag)

    def delete(self):
        # Deleting one by one leaves a tombstone for each, so readers remove them.
        with transaction.atomic():
            count = 0
            for update in self.select_related(None).order_by():
                update.delete()
                count += 1
        return count, {Update._meta.label: count}

    delete.queryset_only = True


class Update(models.Model):
    State = UpdateState

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("author"),
    )
    # Colleagues sharing the byline with the author (a reporter in the field and the
    # editor who filed it); the author stays the owner the permissions go by.
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_authored_updates",
        verbose_name=_("co-authors"),
    )
    # Topics readers filter the stream by; set after save() in the same transaction, as
    # the co-authors are, so the version that save() moves covers them (fragment key too).
    tags = models.ManyToManyField(Tag, blank=True, related_name="updates", verbose_name=_("tags"))
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    body = models.TextField(
        _("body"), help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists, > quotes.")
    )
    # The body rendered to HTML and sanitised with nh3 on every save; pages show this.
    body_html = models.TextField(editable=False, blank=True)
    published_at = models.DateTimeField(
        _("published at"),
        default=timezone.now,
        help_text=_("Set a later time to schedule the update, an earlier one to backdate it."),
    )
    # Only published updates reach readers; see stories/update_state.py.
    state = models.CharField(
        _("state"), max_length=10, choices=UpdateState.choices, default=UpdateState.PUBLISHED
    )
    # An editor's note to the author when returning a submission; cleared when it is sent again.
    review_note = models.CharField(_("note to the author"), max_length=500, blank=True)
    is_key_event = models.BooleanField(_("key event"), default=False)
    is_pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown above the stream. One per story.")
    )
    correction_note = models.CharField(
        _("correction note"),
        max_length=500,
        blank=True,
        help_text=_("Shown to readers with the update, e.g. what was corrected."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    # Set when an update readers could already see is changed: "Updated 14:02".
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    # The story version of this update's latest change; see stories/live/.
    version = models.BigIntegerField(default=0, editable=False)
    # False while the update is scheduled and its becoming due has not yet advanced the
    # story's cursor; stories/live/scheduled.py releases it.
    is_released = models.BooleanField(default=True, editable=False)
    # The version at which readers last lost sight of the update (rescheduled into the
    # future): readers at an older cursor may hold it and are told to remove it; an update
    # readers never saw is never named to them, not even as removed.
    withdrawn_at_version = models.BigIntegerField(null=True, blank=True, editable=False)
    # The one-time key of the desk form that posted the update: a second submission of
    # the same form (a double click, a retry after a lost answer) finds it and creates
    # nothing. Unique, so even two requests at the same moment create one update.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # The card fields of its done saved copies (stories/evidence/cards.py), kept here so
    # pages and polls show cards without a query; written by the capture jobs.
    saved_copies_shown = models.JSONField(default=list, blank=True, editable=False)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        app_label = "stories"
        ordering = ["-published_at", "-id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        permissions = [
            ("edit_any_update", _("Can edit and delete other people's updates")),
            ("publish_update", _("Can publish updates")),
        ]
        indexes = [
            models.Index(fields=["story", "-published_at", "-id"], name="update_stream"),
            models.Index(fields=["story", "version"], name="update_story_version"),
            models.Index(
                fields=["story", "published_at"],
                condition=models.Q(is_released=False, state=UpdateState.PUBLISHED),
                name="update_unreleased",
            ),
            models.Index(
                fields=["story", "-published_at"],
                condition=models.Q(is_key_event=True),
                name="update_key_events",
            ),
            # The desk's queue and drafts: the few updates not yet published.
            models.Index(
                fields=["story", "state"],
                condition=~models.Q(state=UpdateState.PUBLISHED),
                name="update_unpublished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                # A draft may be marked pinned; it unpins the other when published.
                condition=models.Q(is_pinned=True, state=UpdateState.PUBLISHED),
                name="one_pinned_update_per_story",
            ),
        ]

    def __str__(self):
        # Markdown shown as text, not its ** and ![…](…), in the admin and its history.
        label = self.headline or plain_text(self.body)
        return Truncator(label).chars(80)

    def save(self, *args, changed_by=None, note: str = "", **kwargs):
        """Save; a change of state is recorded as made by ``changed_by``, with ``note``."""
        strip_unsafe_characters(self, "headline", "body", "correction_note", "review_note")
        self.body_html = render_markdown(self.body)
        with transaction.atomic():
            versions.save_update(
                self, super().save, *args, changed_by=changed_by, note=note, **kwargs
            )
            # Saved copies of the posts the body embeds (stories/evidence/), asked for
            # in the same transaction.
            evidence.request_for_update(self)

    def get_absolute_url(self):
        return reverse("stories:update_detail", kwargs={"slug": self.story.slug, "pk": self.pk})

    def delete(self, *args, **kwargs):
        return versions.delete_update(self, super().delete, *args, **kwargs)

    def validate_constraints(self, exclude=None):
        # Pinning an update unpins the story's other one on save (live/versions.py), so
        # a form pinning a second update is not a violation of one_pinned_update_per_story.
        super().validate_constraints(exclude={*(exclude or ()), "is_pinned"})

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    @property
    def bylines(self) -> list:
        """The people the update is by: its author, then its co-authors (prefetched)."""
        people = [self.author] if self.author else []
        if self.pk is None:
            return people
        return people + [p for p in display.shown(self, "co_authors") if p.pk != self.author_id]

    @property
    def byline_names(self) -> list[str]:
        return [person.get_full_name() or person.get_username() for person in self.bylines]

    @property
    def stream_position(self) -> str:
        """Keyset token that opens the story's stream at this update."""
        return keyset.encode(self.published_at, self.pk + 1)

    @property
    def is_published(self) -> bool:
        return (
            self.state == UpdateState.PUBLISHED
            and self.published_at <= timezone.now()
            and self.story.status != Story.Status.DRAFT
        )
