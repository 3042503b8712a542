"""When a key event reaches readers, queue its alert.

Called after the commit of each new story version (``versions.version_committed``). The
updates stamped with that version that are now published key events of a live story,
and have had no alert yet, get one: a key event published now, a published update
marked as one, a scheduled one becoming due, all go through this one check. Editing an
update that was already alerted alerts no one again.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from stories.alerts import vapid
from stories.alerts.sending import send_alert_batch
from stories.models import KeyEventAlert, PushSubscription, Story, Update


def queue_key_event_alerts(sender, *, story_id: int, version: int, **kwargs) -> None:
    if not vapid.is_configured():
        return
    new_key_events = (
        Update.objects.published()
        .filter(
            story_id=story_id,
            version=version,
            is_key_event=True,
            is_released=True,
            story__status=Story.Status.LIVE,
            key_event_alert__isnull=True,
        )
        .filter(Exists(PushSubscription.objects.filter(story_id=OuterRef("story_id"))))
        .values_list("pk", flat=True)
    )
    for update_id in new_key_events:
        try:
            with transaction.atomic():
                alert = KeyEventAlert.objects.create(update_id=update_id)
                send_alert_batch.enqueue(alert.pk)
        except IntegrityError:
            continue  # another commit got there first: one alert per key event
