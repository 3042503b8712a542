"""Times in the desk's forms: typed in the story's time zone, kept exact when unchanged."""

from django import forms

LOCAL_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def keep_exact_time(value, current):
    """The time a form sent, or ``current`` when the form showed it unchanged.

    Time fields show minutes (the desk) or seconds (the stock admin), never the stored
    microseconds: a time sent back as shown must keep the exact stored one, or saving
    an update would move it a little and mark it "Updated" for readers.
    """
    if not current or value is None:
        return value
    shown = (current.replace(second=0, microsecond=0), current.replace(microsecond=0))
    return current if value in shown else value


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=LOCAL_TIME_FORMAT)
