"""Sharing an update: the browser's share sheet and "Copy link" where scripts can use them
(static/js/share.js shows those buttons), and plain links to each service that work
without scripts. Nothing is loaded from those services: they are only links."""

from urllib.parse import quote

from django.utils.safestring import SafeString

from stories.reader.markup.html import html, joined
from stories.reader.markup.setting import Setting
from stories.syndication.structured_data import update_headline

SERVICES = (
    ("https://x.com/intent/post?url={url}&text={title}", "X"),
    ("https://www.facebook.com/sharer/sharer.php?u={url}", "Facebook"),
    ("https://wa.me/?text={title}%20{url}", "WhatsApp"),
    ("https://t.me/share/url?url={url}&text={title}", "Telegram"),
)


def share_html(update, address: str, setting: Setting) -> SafeString:
    """``address``: the update's own (site-relative); the links carry the site's origin."""
    url = setting.share_base + address
    title = update_headline(update)
    quoted = {"url": quote(url, safe=""), "title": quote(title, safe="")}
    words = setting.words.share
    services = (
        html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>\n',
            link.format(**quoted),
            name,
        )
        for link, name in SERVICES
    )
    return html(
        '<div class="share" data-share-url="{}" data-share-title="{}">\n'
        '<button type="button" class="share-native" data-needs="web-share">{}</button>\n'
        '<button type="button" class="share-copy" data-needs="clipboard" data-copied="{}">'
        "{}</button>\n"
        '<span class="share-links">{}\n{}'
        '<a href="mailto:?subject={}&amp;body={}">{}</a>\n</span>\n'
        '<span class="share-status visually-hidden" role="status"></span>\n</div>\n',
        url,
        title,
        words.share,
        words.link_copied,
        words.copy_link,
        words.share_on,
        joined(services),
        quoted["title"],
        quoted["url"],
        words.email,
    )
