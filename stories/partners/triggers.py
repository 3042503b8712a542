"""After each committed story version, queue a delivery to the partners following it."""

from stories.models import PartnerEndpoint, Story
from stories.partners.deliveries import queue_delivery


def queue_partner_deliveries(sender, *, story_id: int, version: int, **kwargs) -> None:
    # Only public stories: a draft's existence is not for partners either.
    endpoints = PartnerEndpoint.objects.active().filter(
        stories__pk=story_id, stories__status__in=[Story.Status.LIVE, Story.Status.ENDED]
    )
    for endpoint_id in endpoints.values_list("pk", flat=True):
        queue_delivery(endpoint_id, story_id, version)
