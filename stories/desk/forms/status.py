"""The story as a whole: taking it live, ending or reopening it; its "What we know" box."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stories.models import Story
from stories.models.history import points_of

MAX_POINTS = 10
MAX_POINT_LENGTH = 300


class StoryStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Story.Status.choices)


class WhatWeKnowForm(forms.Form):
    """The box's points, one a line; empty removes the box."""

    points = forms.CharField(
        label=_("What we know"),
        required=False,
        max_length=MAX_POINTS * (MAX_POINT_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text=_("One point a line, most important first. Readers see it at the top."),
    )

    def clean_points(self):
        points = points_of(self.cleaned_data["points"])
        if len(points) > MAX_POINTS:
            raise ValidationError(
                _("At most %(count)s points: keep the box short."), params={"count": MAX_POINTS}
            )
        if any(len(point) > MAX_POINT_LENGTH for point in points):
            raise ValidationError(
                _("Each point at most %(count)s characters."), params={"count": MAX_POINT_LENGTH}
            )
        return "\n".join(points)
