"""Pages a local site plays for the evidence tests: written here, in our own words.

A Telegram channel post (Open Graph only, as t.me pages are), a video page and a post
page whose oEmbed answers look like YouTube's and X's, and a plain article.
"""

import json


def telegram_post(channel: str, text: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{channel} – Telegram</title>
<meta property="og:site_name" content="Telegram">
<meta property="og:title" content="{channel}">
<meta property="og:description" content="{text}">
<meta property="og:image" content="/thumb.png">
<meta property="article:published_time" content="2026-11-26T14:02:00+00:00">
</head><body><div class="tgme_widget_message_text">{text}</div></body></html>"""


def article(title: str, author: str, paragraphs: list[str], *, oembed_path: str = "") -> str:
    discovery = ""
    if oembed_path:
        discovery = f'<link rel="alternate" type="application/json+oembed" href="{oembed_path}">'
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Regional Gazette">
<meta property="article:author" content="{author}">
<meta property="article:published_time" content="2026-11-25T09:30:00+00:00">
{discovery}</head><body><article><h1>{title}</h1>{body}</article></body></html>"""


def youtube_like_oembed(video_id: str) -> str:
    return json.dumps(
        {
            "type": "video",
            "version": "1.0",
            "provider_name": "YouTube",
            "title": "Briefing on the river crossing",
            "author_name": "Ministry Channel",
            "thumbnail_url": "/thumb.png",
            "html": f'<iframe src="https://www.youtube-nocookie.com/embed/{video_id}"></iframe>',
        }
    )


def x_like_oembed(text: str, author: str) -> str:
    return json.dumps(
        {
            "type": "rich",
            "version": "1.0",
            "provider_name": "X",
            "author_name": author,
            "html": f"<blockquote><p>{text}</p></blockquote><script async src='x.js'></script>",
        }
    )


def png_bytes() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(output, format="PNG")
    return output.getvalue()
