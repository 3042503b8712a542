"""A claim: who says it, how, and what the newsroom knows of it (an ``<li class="claim">``).

Needs the claim with its source, thread, update and answered claim loaded
(``Claim.objects.for_display()``, or an update's prefetched claims); ``update`` is the
update whose saved copies it shows (none on a source's page); with ``show_history``
set, ``claim.status_changes`` prefetched.
"""

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from stories.evidence import cards
from stories.reader.markup.cards import embed_card, saved_copy_link
from stories.reader.markup.html import EMPTY, html, joined
from stories.reader.markup.setting import Setting
from stories.reader.markup.times import machine
from stories.reader.markup.words import fill


def claim_html(claim, setting: Setting, update=None) -> SafeString:
    return html(
        '<li class="claim claim--{}" id="{}" data-claim="{}" data-status="{}">\n'
        "{}{}{}{}{}{}{}</li>\n",
        claim.status,
        setting.id_of(f"claim-{claim.pk}"),
        claim.pk,
        claim.status,
        _attribution(claim, setting),
        _text(claim, setting),
        _stance(claim, setting),
        _saved_copy(claim, update, setting),
        _responds(claim, setting),
        _verdict(claim, setting),
        _timeline(claim, setting) if setting.show_history else EMPTY,
    )


def _attribution(claim, setting: Setting) -> SafeString:
    words = setting.words.claim
    source = EMPTY
    if not setting.hide_source:
        source = html(
            '<a class="claim-source" href="{}">{}</a>\n',
            setting.links.source(claim.source),
            claim.source.name,
        )
    stated = EMPTY
    if claim.stated_at:
        stated = html(
            '\n<span class="claim-stated">{} <time datetime="{}">{}</time></span>',
            words.said,
            machine(claim.stated_at),
            setting.clock.near(claim.stated_at, claim.update.published_at),
        )
    return html(
        '<p class="claim-attribution">\n{}<span class="claim-kind">{}</span>{}\n</p>\n',
        source,
        words.kinds.get(claim.attribution, claim.attribution),
        stated,
    )


def _text(claim, setting: Setting) -> SafeString:
    text = html("<q>{}</q>", claim.text) if claim.is_verbatim else claim.text
    link = EMPTY
    if claim.source_url:
        link = html(
            '\n<a class="claim-link" href="{}" rel="nofollow noopener">{}</a>',
            claim.source_url,
            setting.words.claim.where_said,
        )
    return html('<p class="claim-text">\n{}{}\n</p>\n', text, link)


def _stance(claim, setting: Setting) -> SafeString:
    if claim.stance != claim.Stance.CONTRADICTS:
        return EMPTY
    words = setting.words.claim
    return html(
        '<p class="claim-stance">\n{}\n<q>{}</q>; {}\n</p>\n',
        words.denies,
        Truncator(claim.thread.wording).words(16, truncate=" …"),
        words.status_below,
    )


def _saved_copy(claim, update, setting: Setting) -> SafeString:
    """The saved copy of the source's page, from the update's copies (none without one)."""
    copy = cards.claim_copy(claim, update) if update is not None else None
    if copy is None:
        return EMPTY
    if copy.embed_address or copy.thumbnail:
        return embed_card(copy, update.published_at, setting)
    link = saved_copy_link(copy, update.published_at, setting)
    return html('<p class="claim-saved-copy">{}</p>\n', link)


def _responds(claim, setting: Setting) -> SafeString:
    answered = claim.answered_claim
    if answered is None:
        return EMPTY
    return html(
        '<p class="claim-responds">\n{}:\n<a href="{}#claim-{}">{}</a>\n</p>\n',
        fill(setting.words.claim.in_answer_to, name=answered.source.name),
        setting.links.update(answered.update),
        answered.pk,
        Truncator(answered.text).words(12, truncate=" …"),
    )


def _verdict(claim, setting: Setting) -> SafeString:
    words = setting.words.claim
    note = EMPTY
    if claim.note:
        note = html('<span class="claim-note">{}</span>\n', claim.note)
    return html(
        '<p class="claim-verdict">\n{}\n{}{}<a class="claim-thread-link" href="{}">{}</a>\n</p>\n',
        words.badges[claim.status],
        _history(claim, setting),
        note,
        setting.links.thread(claim.thread_id),
        words.track_record,
    )


def _history(claim, setting: Setting) -> SafeString:
    """The latest change of status: "Confirmed 14:02 — was unverified at 09:15"."""
    changed = claim.status_changed_at
    if not changed:
        return EMPTY
    words, published = setting.words.claim, claim.update.published_at
    was = fill(words.was, status=words.statuses.get(claim.previous_status, "").lower())
    since = claim.previous_status_since
    if since:
        was = html(
            '{} {}\n<time datetime="{}">{}</time>',
            was,
            words.at,
            machine(since),
            setting.clock.near(since, published),
        )
    return html(
        '<span class="claim-history"><time datetime="{}">{}</time>\n— {}</span>\n',
        machine(changed),
        setting.clock.near(changed, published),
        was,
    )


def _timeline(claim, setting: Setting) -> SafeString:
    """Every change of the claim's status (the permalink shows it)."""
    changes = claim.status_changes.all()
    if not changes:
        return EMPTY
    words, published = setting.words.claim, claim.update.published_at
    items = joined(
        html(
            '<li>\n<time datetime="{}">{}</time>\n{}{}\n</li>\n',
            machine(change.changed_at),
            setting.clock.near(change.changed_at, published),
            fill(
                words.change,
                old=words.statuses.get(change.from_status, ""),
                new=words.statuses.get(change.to_status, ""),
            ),
            html(": {}", change.note) if change.note else EMPTY,
        )
        for change in changes
    )
    return html(
        '<details class="claim-timeline">\n<summary>{}</summary>\n<ol>\n{}</ol>\n</details>\n',
        words.how_it_changed,
        items,
    )
