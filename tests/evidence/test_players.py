"""The provider's player a card may load: only on an allowed host, never the provider's HTML."""

import pytest

from stories.evidence.metadata import player_address

BLUESKY_QUOTE = (
    '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc123xyz/'
    'app.bsky.feed.post/3kq2zzz"><p>Post</p></blockquote><script src="embed.js"></script>'
)


@pytest.mark.parametrize(
    ("address", "oembed_html", "player"),
    [
        ("https://t.me/regional_admin/4127", "", "https://t.me/regional_admin/4127?embed=1"),
        (
            "https://x.com/army/status/1760000000000000001",
            "<blockquote>…</blockquote><script src='https://platform.twitter.com/widgets.js'>",
            "https://platform.twitter.com/embed/Tweet.html?id=1760000000000000001",
        ),
        (
            "https://www.instagram.com/p/C3abcDEF12/",
            "",
            "https://www.instagram.com/p/C3abcDEF12/embed",
        ),
        (
            "https://www.tiktok.com/@cityhall/video/7312345678901234567",
            "",
            "https://www.tiktok.com/embed/v2/7312345678901234567",
        ),
        ("https://vimeo.com/123456789", "", "https://player.vimeo.com/video/123456789"),
        (
            "https://bsky.app/profile/mayor.example/post/3kq2zzz",
            BLUESKY_QUOTE,
            "https://embed.bsky.app/embed/did:plc:abc123xyz/app.bsky.feed.post/3kq2zzz",
        ),
        (
            "https://www.youtube.com/watch?v=abc",
            '<iframe src="https://www.youtube.com/embed/abc?feature=oembed"></iframe>',
            "https://www.youtube.com/embed/abc?feature=oembed",
        ),
        # A frame on a host the CSP does not list is not used.
        ("https://video.example/1", '<iframe src="https://video.example/player/1"></iframe>', ""),
        ("https://mastodon.example/@mayor/1123", "<iframe src='javascript:alert(1)'>", ""),
    ],
)
def test_the_player_comes_from_an_allowed_host_or_not_at_all(address, oembed_html, player):
    assert player_address(address, oembed_html) == player
