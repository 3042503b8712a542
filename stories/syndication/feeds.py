"""Atom and RSS feeds: one per story and one of the latest updates across stories.

One entry per published update, newest first, linking to its permalink. An entry's
``updated`` time moves when the update is edited or one of its claims changes status
(see ``stories/syndication/timestamps.py``), so feed readers show it again. Times are UTC. Each
feed takes the same few queries however many entries and claims it holds.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from stories.models import Story, Update, display
from stories.rich_text import xml_safe
from stories.syndication.public_url import absolute_url
from stories.syndication.structured_data import update_headline
from stories.syndication.timestamps import update_changed_at

FEED_LENGTH = 50


def _xml_safe(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafe:
    """A feed generator that drops characters XML cannot carry from everything it writes.

    Saves already strip them (``stories.rich_text.xml_safe``); this keeps one row saved
    before that rule, or written around the models, from breaking the whole feed.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{k: _xml_safe(v) for k, v in kwargs.items()})


class SafeAtom1Feed(XmlSafe, Atom1Feed):
    def add_item_elements(self, handler, item):
        """An ``atom:author`` for each of the update's co-authors too, after the first."""
        super().add_item_elements(handler, item)
        for name in item.get("co_author_names") or ():
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class SafeRss201rev2Feed(XmlSafe, Rss201rev2Feed):
    pass


class StoryFeed(Feed):
    feed_type = SafeAtom1Feed
    url_name = "stories:story_feed"
    description_template = "stories/feeds/update_content.html"

    def get_object(self, request, slug):
        return get_object_or_404(Story.objects.public(), slug=slug)

    def get_feed(self, story, request):
        # A story's feed is in its language, as its pages are; the site's feed (no story)
        # in the site's.
        with translation.override(story.language if story else None):
            return super().get_feed(story, request)

    def title(self, story):
        return story.title

    def link(self, story):
        return absolute_url(story.get_absolute_url())

    def feed_url(self, story):
        return absolute_url(reverse(self.url_name, kwargs={"slug": story.slug}))

    def description(self, story):
        return story.summary or story.title

    def subtitle(self, story):
        return story.summary

    def author_name(self):
        # Atom requires an author: entries whose journalist is gone fall back to this.
        return settings.LIVEBLOG["NEWSROOM_NAME"]

    def items(self, story):
        updates = list(story.updates.published().for_display().newest_first()[:FEED_LENGTH])
        for update in updates:
            update.story = story
        return updates

    def item_title(self, update):
        return update_headline(update)

    def item_link(self, update):
        # Relative without LIVEBLOG_PUBLIC_URL: the framework adds the request's host.
        return absolute_url(update.get_absolute_url())

    def item_author_name(self, update):
        names = update.byline_names
        return names[0] if names else None

    def item_extra_kwargs(self, update):
        # Atom gives each person an author element (SafeAtom1Feed); RSS has one author.
        return {"co_author_names": update.byline_names[1:]}

    def item_categories(self, update):
        # Atom <category>, RSS <category>: the topics a reader can filter the stream by.
        return [tag.name for tag in display.shown(update, "tags")]

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update_changed_at(update)


class StoryRssFeed(StoryFeed):
    feed_type = SafeRss201rev2Feed
    url_name = "stories:story_rss"


class LatestUpdatesFeed(StoryFeed):
    """The newest updates of all public stories, each titled with its story."""

    def get_object(self, request):
        return None

    def title(self):
        return _("Latest updates from %(publisher)s") % {
            "publisher": settings.LIVEBLOG["NEWSROOM_NAME"]
        }

    def link(self):
        return absolute_url(reverse("stories:home"))

    def feed_url(self):
        return absolute_url(reverse("stories:latest_feed"))

    def description(self):
        return _("The newest updates of every live blog.")

    def subtitle(self):
        return self.description()

    def items(self):
        return list(Update.objects.published().for_display().newest_first()[:FEED_LENGTH])

    def item_title(self, update):
        return f"{update.story.title}: {update_headline(update)}"
