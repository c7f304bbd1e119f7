"""Dates as each language writes them (settings.FORMAT_MODULE_PATH): the named shapes
CoupleSafe shows, one module per shipped language, beside Django's own (DATE_FORMAT, …).

    {{ moment|date:"WEEKDAY_DAY_MONTH_TIME_FORMAT" }}   Monday 3 March, 10:00
                                                      lunes, 3 de marzo, 10:00
                                                      Montag, 3. März, 10:00
    date_format(day, "DAY_MONTH_YEAR_SHORT_FORMAT")   (django.utils.formats)

Month and day names come from Django's own catalogs. Never write a raw format with a
month or day name in a template or in Python (tests/i18n/test_formats.py looks): add a
name here, in every language, instead. A name missing from a module would print as
letters, so every module defines every name (the same test)."""
