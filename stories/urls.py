from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from stories import http
from stories.alerts import views as alerts
from stories.reader import embed, saved_copies, sources, threads, views, what_we_know
from stories.syndication.feeds import LatestUpdatesFeed, StoryFeed, StoryRssFeed
from stories.syndication.sitemaps import SITEMAPS


def cached_feed(feed):
    return require_safe(http.FEED(feed))


app_name = "stories"

urlpatterns = [
    # First: the poll carries nearly all of a breaking story's requests, and every
    # pattern tried before it costs each of them.
    path("stories/<slug:slug>/poll/", views.story_poll, name="story_poll"),
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path("stories/<slug:slug>/sources/", sources.story_sources, name="story_sources"),
    path(
        "stories/<slug:slug>/what-we-know/",
        what_we_know.what_we_know_history,
        name="what_we_know_history",
    ),
    path("stories/<slug:slug>/embed/", embed.story_embed, name="story_embed"),
    path("stories/<slug:slug>/feed/", cached_feed(StoryFeed()), name="story_feed"),
    path("stories/<slug:slug>/rss/", cached_feed(StoryRssFeed()), name="story_rss"),
    path("feed/", cached_feed(LatestUpdatesFeed()), name="latest_feed"),
    path(
        "sitemap.xml",
        require_safe(http.SITEMAP(sitemap)),
        {"sitemaps": SITEMAPS, "template_name": "stories/sitemap.xml"},
        name="sitemap",
    ),
    path("stories/<slug:slug>/updates/<int:pk>/", views.update_detail, name="update_detail"),
    path("claims/<int:pk>/", threads.claim_thread, name="claim_thread"),
    path("saved-copies/<int:pk>/", saved_copies.saved_copy_detail, name="saved_copy"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/<slug:slug>/", sources.source_detail, name="source_detail"),
    # Push alerts: the service worker must be served from the root to cover every page.
    path("sw.js", alerts.service_worker, name="service_worker"),
    path("stories/<slug:slug>/alerts/subscribe/", alerts.subscribe, name="alerts_subscribe"),
    path("stories/<slug:slug>/alerts/unsubscribe/", alerts.unsubscribe, name="alerts_unsubscribe"),
]
