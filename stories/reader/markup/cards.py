"""Saved copies in an update: the card of an embedded post or a claim's source page, and
the link to a saved copy with its time and what became of the original."""

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from stories.reader.markup.html import EMPTY, html
from stories.reader.markup.setting import Setting
from stories.reader.markup.times import machine


def saved_copy_link(copy, published, setting: Setting) -> SafeString:
    """The link to our copy, "Saved copy, 14:02" (near ``published``, the update's time)."""
    words = setting.words.card
    link = html(
        '<a class="saved-copy-link" href="{}">{}, <time datetime="{}">{}</time></a>',
        setting.links.saved_copy(copy.pk),
        words.saved_copy,
        machine(copy.captured_at) if copy.captured_at else "",
        setting.clock.near(copy.captured_at, published) if copy.captured_at else "",
    )
    if copy.original == "deleted":
        mark = html(
            '\n<span class="original-mark original-mark--deleted">{}</span>',
            words.original_deleted,
        )
    elif copy.original == "changed":
        mark = html(
            '\n<span class="original-mark original-mark--changed">{}</span>',
            words.original_changed,
        )
    else:
        mark = EMPTY
    return link + mark


def embed_card(copy, published, setting: Setting) -> SafeString:
    """A card: the post or page as plain text; static/js/embeds.js loads the provider's
    player when the reader asks ("Show the original post")."""
    return html(
        '<figure class="embed-card" id="{}" data-saved-copy="{}">\n{}{}{}{}'
        '<p class="embed-card-links">\n'
        '<a class="embed-card-original" href="{}" rel="nofollow noopener noreferrer">{}</a>\n'
        "{}\n</p>\n{}</figure>\n",
        setting.id_of(f"card-{copy.pk}"),
        copy.pk,
        _card_meta(copy, setting),
        _line('<img class="embed-card-thumbnail" src="{}" alt="">', copy.thumbnail),
        _line('<p class="embed-card-title">{}</p>', copy.title),
        _card_text(copy),
        copy.address,
        setting.words.card.open_original,
        saved_copy_link(copy, published, setting),
        _show_original(copy, setting),
    )


def _line(template: str, value) -> SafeString:
    return html(template + "\n", value) if value else EMPTY


def _card_meta(copy, setting: Setting) -> SafeString:
    time = ""
    if copy.published_at:
        time = html(
            '<time class="embed-card-time" datetime="{}">{}</time>\n',
            machine(copy.published_at),
            setting.clock.shown(copy.published_at),
        )
    return html(
        '<figcaption class="embed-card-meta">\n<span class="embed-card-provider">{}</span>\n'
        "{}{}</figcaption>\n",
        copy.provider,
        _line('<span class="embed-card-author">{}</span>', copy.author),
        time,
    )


def _card_text(copy) -> SafeString:
    if not copy.text or copy.text == copy.title:
        return EMPTY
    return _line('<p class="embed-card-text">{}</p>', Truncator(copy.text).words(60, truncate=" …"))


def _show_original(copy, setting: Setting) -> SafeString:
    if not copy.embed_address:
        return EMPTY
    return html(
        '<a class="embed-card-show" href="{}" rel="nofollow noopener noreferrer" '
        'data-embed-src="{}" data-embed-title="{}">{}</a>\n',
        copy.address,
        copy.embed_address,
        copy.provider,
        setting.words.card.show_original,
    )
