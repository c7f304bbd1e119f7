"""Form fields that turn impossible dates into kind messages instead of server errors.

A date like 9999-12-31 parses, but moving it between time zones leaves the calendar
(OverflowError) and every page that later shows it fails. One rule for the whole app: a date a
person chooses for the future lies within FUTURE_LIMIT_DAYS of today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FUTURE_LIMIT_DAYS = 366

TOO_FAR = _("Please choose a day within the next year.")


def too_far_ahead(value: dt.date | dt.datetime) -> bool:
    if isinstance(value, dt.datetime):
        return value > timezone.now() + dt.timedelta(days=FUTURE_LIMIT_DAYS)
    return value > timezone.localdate() + dt.timedelta(days=FUTURE_LIMIT_DAYS)


class NearDateField(forms.DateField):
    def clean(self, value: Any) -> dt.date | None:
        cleaned: dt.date | None = super().clean(value)
        if cleaned is not None and too_far_ahead(cleaned):
            raise forms.ValidationError(TOO_FAR, code="too_far")
        return cleaned


class NearDateTimeField(forms.DateTimeField):
    def to_python(self, value: Any) -> dt.datetime | None:
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as error:
            # Local 9999-12-31 23:59 west of UTC is past the end of the calendar.
            raise forms.ValidationError(TOO_FAR, code="too_far") from error

    def clean(self, value: Any) -> dt.datetime | None:
        cleaned: dt.datetime | None = super().clean(value)
        if cleaned is not None and too_far_ahead(cleaned):
            raise forms.ValidationError(TOO_FAR, code="too_far")
        return cleaned
