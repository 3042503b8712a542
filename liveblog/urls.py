from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from liveblog.views import favicon, healthz
from stories.syndication.api import api
from stories.telegram.views import webhook as telegram_webhook

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("telegram/webhook/", telegram_webhook, name="telegram_webhook"),
    path("", include("stories.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
