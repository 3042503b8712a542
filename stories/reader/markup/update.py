"""An update as readers see it (an ``<article class="update">``), with its claims.

Needs the update as ``Update.objects.for_display()`` loads it (author, story, claims with
their sources, threads and answered claims, co-authors, tags) and its story.
"""

from django.utils.safestring import SafeString, mark_safe

from stories import claim_status
from stories.evidence import cards
from stories.models import display
from stories.reader.markup.cards import embed_card
from stories.reader.markup.claim import claim_html
from stories.reader.markup.html import EMPTY, html, joined
from stories.reader.markup.setting import Setting
from stories.reader.markup.share import share_html
from stories.reader.markup.times import machine, sortable
from stories.reader.markup.words import fill


def update_html(update, story, **options) -> SafeString:
    """The update's HTML; ``options`` are ``Setting``'s (``reader/fragments.py``)."""
    setting = Setting.of(story, **options)
    anchor = setting.element_id or update.anchor
    address = setting.links.update(update)
    claims = display.shown(update, "claims")
    # From class to data-version on one line, in this order: the concurrency test
    # (tests/live/test_concurrent_editors.py) reads the stream so.
    return html(
        '<article class="update{}" id="{}" data-update="{}" data-published="{}" '
        'data-version="{}"\n aria-labelledby="{}-time">\n{}{}{}'
        '<div class="update-body">{}</div>\n{}{}{}{}{}</article>\n',
        " update--key" if update.is_key_event else "",
        anchor,
        update.pk,
        sortable(update.published_at),
        update.version,
        anchor,
        _meta(update, anchor, address, setting),
        _headline(update, setting),
        _banner(claims, setting),
        # Sanitised when saved (stories/rich_text): safe HTML.
        mark_safe(update.body_html),  # noqa: S308
        _cards(update, setting),
        _claims(update, claims, setting),
        _edited(update, setting),
        _tags(update, story, setting),
        _actions(update, address, setting),
    )


def _meta(update, anchor: str, address: str, setting: Setting) -> SafeString:
    words, published = setting.words.update, update.published_at
    time = html('<time datetime="{}">{}</time>', machine(published), setting.clock.shown(published))
    if setting.not_public:
        when = html('<span class="update-time" id="{}-time">{}</span>', anchor, time)
    else:
        when = html('<a class="update-time" id="{}-time" href="{}">{}</a>', anchor, address, time)
    badges = []
    if update.is_key_event:
        badges.append(html('<span class="badge badge--key">{}</span>\n', words.key_event))
    if update.is_pinned:
        badges.append(html('<span class="badge badge--pinned">{}</span>\n', words.pinned))
    names = update.byline_names
    if names:
        by = fill(words.by, name=", ".join(names))
        badges.append(html('<span class="byline">{}</span>\n', by))
    return html(
        '<header class="update-meta">\n{}\n<span class="relative-time" data-relative-for="{}">'
        "</span>\n{}</header>\n",
        when,
        machine(published),
        joined(badges),
    )


def _headline(update, setting: Setting) -> SafeString:
    if not update.headline:
        return EMPTY
    level = setting.headline_level
    return html('<h{} class="update-headline">{}</h{}>\n', level, update.headline, level)


def _banner(claims: list, setting: Setting) -> SafeString:
    """Above an update quoting a claim found false (or else disputed): its thread's page."""
    flagged = claim_status.flagged_claim(claims)
    if flagged is None:
        return EMPTY
    words = setting.words.update
    return html(
        '<p class="verdict-banner verdict-banner--{}">\n{}\n— <a href="{}">{}</a>\n</p>\n',
        flagged.status,
        words.banner_false if flagged.status == "false" else words.banner_disputed,
        setting.links.thread(flagged.thread_id),
        words.see_evidence,
    )


def _cards(update, setting: Setting) -> SafeString:
    copies = cards.embedded_copies(update)
    return joined(embed_card(copy, update.published_at, setting) for copy in copies)


def _claims(update, claims: list, setting: Setting) -> SafeString:
    if not claims:
        return EMPTY
    return html(
        '<ul class="claims" aria-label="{}">\n{}</ul>\n',
        setting.words.update.claims,
        joined(claim_html(claim, setting, update) for claim in claims),
    )


def _edited(update, setting: Setting) -> SafeString:
    words, edited, note = setting.words.update, update.edited_at, update.correction_note
    if edited:
        return html(
            '<p class="update-edited">{} <time datetime="{}">{}</time>{}</p>\n',
            words.updated,
            machine(edited),
            setting.clock.near(edited, update.published_at),
            html(": {}", note) if note else EMPTY,
        )
    if note:
        return html('<p class="update-edited">{}: {}</p>\n', words.correction, note)
    return EMPTY


def _tags(update, story, setting: Setting) -> SafeString:
    tags = display.shown(update, "tags")
    if not tags:
        return EMPTY
    story_url = setting.links.story(story.slug)
    return html(
        '<ul class="update-tags" aria-label="{}">\n{}\n</ul>\n',
        setting.words.update.tags,
        joined(
            html('<li><a href="{}?tag={}" rel="tag">{}</a></li>', story_url, tag.slug, tag.name)
            for tag in tags
        ),
    )


def _actions(update, address: str, setting: Setting) -> SafeString:
    # Not on the desk's scheduled updates and draft stories, whose public links are 404s.
    if setting.not_public:
        return EMPTY
    return html(
        '<footer class="update-actions">\n<a class="share-link" href="{}">{}</a>\n{}</footer>\n',
        address,
        setting.words.update.link_to_update,
        share_html(update, address, setting),
    )
