"""The shapes of the JSON API's answers, as its OpenAPI schema describes them."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class Error(Schema):
    detail: str


class SourceOut(Schema):
    name: str
    slug: str
    kind: str
    url: str


class CardOut(Schema):
    url: str = Field(description="The original post or page.")
    title: str
    provider: str
    author: str
    published_at: datetime | None
    saved_copy_url: str = Field(description="Our saved copy of what it said.")
    saved_at: datetime
    original: Literal["unchecked", "same", "changed", "deleted"]


class ClaimOut(Schema):
    id: int
    source: SourceOut
    text: str
    attribution: str
    is_verbatim: bool
    status: Literal["unverified", "confirmed", "disputed", "false"]
    status_label: str = Field(description="The status in the site's language.")
    status_changed_at: datetime | None
    previous_status: str = Field(description="Empty until the status first changes.")
    note: str = Field(description="The newsroom's note on the claim.")
    source_url: str
    stated_at: datetime | None
    responds_to: int | None = Field(description="The claim this one answers, if any.")
    thread: int = Field(
        description="The tracked statement this claim repeats; its status is the claim's."
    )
    thread_url: str = Field(description="The thread's public page, with its history.")
    stance: Literal["supports", "contradicts"] = Field(
        description="Whether it asserts or denies its thread."
    )
    saved_copy: CardOut | None = Field(description="The saved copy of source_url, once saved.")


class UpdateOut(Schema):
    id: int
    url: str
    headline: str
    body_html: str = Field(description="Sanitised HTML; its links and images are absolute.")
    body_text: str
    author: str | None
    authors: list[str]
    published_at: datetime
    updated_at: datetime = Field(description="Latest edit or claim status change.")
    edited_at: datetime | None
    is_key_event: bool
    is_pinned: bool
    correction_note: str
    version: int
    claims: list[ClaimOut]
    cards: list[CardOut] = Field(description="Posts the body embeds, as links with their title.")
    tags: list[str] = Field(description="Topics; the story page filters by ?tag=<slug>.")


class WhatWeKnowOut(Schema):
    points: list[str]
    as_of: datetime = Field(description="When the editors last wrote the box.")


class StoryOut(Schema):
    slug: str
    url: str
    title: str
    summary: str
    status: Literal["live", "ended"]
    time_zone: str
    language: str = Field(description="The story's language code, e.g. uk.")
    started_at: datetime | None
    ended_at: datetime | None
    poll_interval: int = Field(description="Seconds between polls for changes.")
    version: int = Field(description="The story's cursor when this was read.")
    what_we_know: WhatWeKnowOut | None = Field(description="The editors' summary box.")


class StoryPage(Schema):
    stories: list[StoryOut]
    next_page: int | None


class UpdatePage(Schema):
    story: StoryOut
    version: int = Field(description="Ask for changes since this cursor.")
    updates: list[UpdateOut] = Field(description="Newest first.")
    next_before: str | None = Field(description="Pass as ?before= for the next, older page.")


class ChangesOut(Schema):
    since: int
    version: int = Field(description="The new cursor.")
    status: Literal["live", "ended"]
    story: StoryOut | None = Field(description="The story when anything changed.")
    updates: list[UpdateOut] = Field(description="New and changed updates, newest first.")
    removed_ids: list[int] = Field(description="Updates readers must no longer show.")
