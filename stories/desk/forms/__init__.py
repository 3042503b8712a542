"""Forms of the newsroom desk: an update, its claims, an image for its body.

The author is never a field: views take it from the logged-in user. Times typed into
the desk are read in the story's time zone (the views activate it). The htmx attributes
of the fields (live preview, source suggestions) are written in the desk's template,
which reads the URLs they need from the forms (``preview_url``, ``source_options_url``).
"""

from stories.desk.forms.claims import (
    MAX_CLAIMS,
    BaseClaimFormSet,
    ClaimForm,
    ClaimRevisionFormSet,
    NewClaimFormSet,
    claim_initial,
)
from stories.desk.forms.images import ImageUploadForm
from stories.desk.forms.status import StoryStatusForm, WhatWeKnowForm
from stories.desk.forms.times import LOCAL_TIME_FORMAT, LocalDateTimeInput, keep_exact_time
from stories.desk.forms.updates import (
    MAX_BODY_LENGTH,
    UpdateForm,
    UpdateRevisionForm,
    nesting_error,
)

__all__ = [
    "LOCAL_TIME_FORMAT",
    "MAX_BODY_LENGTH",
    "MAX_CLAIMS",
    "BaseClaimFormSet",
    "ClaimForm",
    "ClaimRevisionFormSet",
    "ImageUploadForm",
    "LocalDateTimeInput",
    "NewClaimFormSet",
    "StoryStatusForm",
    "UpdateForm",
    "UpdateRevisionForm",
    "WhatWeKnowForm",
    "claim_initial",
    "keep_exact_time",
    "nesting_error",
]
