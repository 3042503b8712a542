"""Taking a story live, ending its coverage or reopening it."""

from django import forms

from stories.models import Story


class StoryStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Story.Status.choices)
