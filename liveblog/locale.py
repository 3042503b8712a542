"""Which language a request is answered in.

The newsroom's pages (the admin, and the desk inside it) follow the editor's browser, as
Django's ``LocaleMiddleware`` does, and say so with ``Vary: Accept-Language``. Public
pages never look at the reader's headers or cookies: they start in the site's language
(``LANGUAGE_CODE``) and a story's pages switch to the story's own (``Story.language``,
``stories.reader.language``), so one cached copy of a page is right for every reader.
"""

import functools

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def is_newsroom_path(path: str) -> bool:
    return path.startswith(_admin_path(get_script_prefix(), get_urlconf()))


@functools.lru_cache(maxsize=16)
def _admin_path(script_prefix: str, urlconf) -> str:
    # Reversed once per prefix and URLconf, not twice a request: every poll passes here.
    return reverse("admin:index", urlconf=urlconf)


class NewsroomLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if is_newsroom_path(request.path_info):
            super().process_request(request)
            return
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE

    def process_response(self, request, response):
        if is_newsroom_path(request.path_info):
            response = super().process_response(request, response)
        # The response is rendered by now: leave the thread in the site's language for
        # whatever it runs next outside a request.
        translation.deactivate()
        return response
