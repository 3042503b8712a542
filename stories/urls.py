from django.urls import path

from stories import views

app_name = "stories"

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.story_detail, name="story_detail"),
    path("stories/<slug:slug>/poll/", views.story_poll, name="story_poll"),
    path("stories/<slug:slug>/sources/", views.story_sources, name="story_sources"),
    path("stories/<slug:slug>/updates/<int:pk>/", views.update_detail, name="update_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
]
