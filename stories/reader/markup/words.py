"""The fixed words of the update and claim markup, translated once per language.

Each is escaped once here, so the markup can put it in place as it is. The catalogue is
fixed for a process's life (as Django's own translation and format caches assume).
"""

import functools
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stories import claim_status
from stories.models import Claim
from stories.reader.markup.html import escaped


@dataclass(frozen=True)
class UpdateWords:
    key_event: str
    pinned: str
    by: str
    banner_false: str
    banner_disputed: str
    see_evidence: str
    claims: str
    updated: str
    correction: str
    tags: str
    link_to_update: str


@dataclass(frozen=True)
class ShareWords:
    share: str
    link_copied: str
    copy_link: str
    share_on: str
    email: str


@dataclass(frozen=True)
class ClaimWords:
    said: str
    where_said: str
    denies: str
    status_below: str
    in_answer_to: str
    was: str
    at: str
    track_record: str
    how_it_changed: str
    change: str
    # By value: the status pill's HTML, the status's name in lower case, the kind's.
    badges: dict
    statuses: dict
    kinds: dict


@dataclass(frozen=True)
class CardWords:
    saved_copy: str
    original_deleted: str
    original_changed: str
    open_original: str
    show_original: str


@dataclass(frozen=True)
class Words:
    update: UpdateWords
    share: ShareWords
    claim: ClaimWords
    card: CardWords


def words() -> Words:
    """The words in the active language."""
    return _words(get_language())


def fill(phrase: str, **values) -> SafeString:
    """A translated phrase (escaped here) with its ``%(name)s`` fields, escaped."""
    return SafeString(phrase % {name: escaped(value) for name, value in values.items()})


def _escaped(cls, **phrases):
    return cls(**{name: conditional_escape(text) for name, text in phrases.items()})


@functools.lru_cache(maxsize=16)
def _words(language: str | None) -> Words:
    return Words(_update_words(), _share_words(), _claim_words(), _card_words())


def _update_words() -> UpdateWords:
    return _escaped(
        UpdateWords,
        key_event=_("Key event"),
        pinned=_("Pinned"),
        by=_("By %(name)s"),
        banner_false=_("A claim in this update has since been found false"),
        banner_disputed=_("A claim in this update is disputed"),
        see_evidence=_("see the evidence"),
        claims=_("Claims in this update"),
        updated=_("Updated"),
        correction=_("Correction"),
        tags=_("Tags"),
        link_to_update=_("Link to this update"),
    )


def _share_words() -> ShareWords:
    return _escaped(
        ShareWords,
        share=_("Share"),
        link_copied=_("Link copied"),
        copy_link=_("Copy link"),
        share_on=_("Share on"),
        email=_("E-mail"),
    )


def _claim_words() -> ClaimWords:
    styles = claim_status.STYLES
    return ClaimWords(
        **{
            name: conditional_escape(text)
            for name, text in {
                "said": _("said"),
                "where_said": _("where they said it"),
                "denies": _("Denies the tracked claim"),
                "status_below": _("the status below is that claim's."),
                "in_answer_to": _("In answer to %(name)s"),
                "was": _("was %(status)s"),
                "at": _("at"),
                "track_record": _("Its track record"),
                "how_it_changed": _("How its status changed"),
                "change": _("%(old)s → %(new)s"),
            }.items()
        },
        badges={value: claim_status.badge(value) for value in styles},
        statuses={value: str(style.label) for value, style in styles.items()},
        kinds={value: str(label).lower() for value, label in Claim.Attribution.choices},
    )


def _card_words() -> CardWords:
    return _escaped(
        CardWords,
        saved_copy=_("Saved copy"),
        original_deleted=_("Original deleted"),
        original_changed=_("Original changed since"),
        open_original=_("Open the original"),
        show_original=_("Show the original post"),
    )
