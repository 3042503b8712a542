"""Django's messages, with their storage made only when a view adds or reads one.

``MessageMiddleware`` builds a cookie-and-session storage (with a cookie signer) for
every request: a tenth of what a nothing-changed poll costs, on the path every reader
takes every few seconds. Only the admin and the desk use messages; this makes the same
storage, at their first use.
"""

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never used: nothing to store
        return super().process_response(request, response)
