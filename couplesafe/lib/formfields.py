"""Form fields that turn impossible dates into kind messages instead of server errors.

A date like 9999-12-31 parses, but moving it between time zones leaves the calendar
(OverflowError) and every page that later shows it fails. One rule for the whole app: a date a
person chooses for the future lies within FUTURE_LIMIT_DAYS of today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from couplesafe.lib import tz

FUTURE_LIMIT_DAYS = 366

TOO_FAR = _("Please choose a day within the next year.")
SKIPPED = _("The clocks change at that moment, so that time doesn't exist. Please pick another.")


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
    """A day and time as the person typed it, read on their own clock: the active zone, which
    is the typer's (couplesafe.lib.tz.ViewerTimeZoneMiddleware), through `tz.aware_in` — the
    one reader of typed times. A time the clocks skip is refused kindly; a time they pass
    twice (the autumn change) is its first passing."""

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value
        naive: dt.datetime
        if isinstance(value, dt.datetime):
            naive = value
        else:
            # The digits alone, as typed (Django's own reading would put them on the active
            # zone already, with its own words for a time the clocks skip).
            try:
                parsed = parse_datetime(str(value).strip())
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            if parsed is not None and timezone.is_aware(parsed):
                return parsed
            typed: dt.datetime | None = parsed or BaseTemporalField.to_python(self, value)
            if typed is None:
                return None
            naive = typed
        try:
            return tz.aware_in(naive, str(timezone.get_current_timezone()))
        except tz.NoSuchLocalTime:
            raise forms.ValidationError(SKIPPED, code="skipped_by_clock_change") from None
        except (OverflowError, ValueError) as error:
            # Local 9999-12-31 23:59 west of UTC is past the end of the calendar.
            raise forms.ValidationError(TOO_FAR, code="too_far") from error

    def clean(self, value: Any) -> dt.datetime | None:
        cleaned: dt.datetime | None = super().clean(value)
        if cleaned is not None and too_far_ahead(cleaned):
            raise forms.ValidationError(TOO_FAR, code="too_far")
        return cleaned
