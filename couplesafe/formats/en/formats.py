# CoupleSafe's named date shapes in English (couplesafe/formats/__init__.py): day before
# month, 24-hour clock, as the app has always written them.
DAY_MONTH_FORMAT = "j F"  # 3 March
DAY_MONTH_SHORT_FORMAT = "j M"  # 3 Mar
DAY_MONTH_YEAR_FORMAT = "j F Y"  # 3 March 2025
DAY_MONTH_YEAR_SHORT_FORMAT = "j M Y"  # 3 Mar 2025
DAY_MONTH_TIME_FORMAT = "j F, H:i"  # 3 March, 10:00
DAY_MONTH_YEAR_TIME_FORMAT = "j F Y, H:i"  # 3 March 2025, 10:00
DAY_MONTH_YEAR_SHORT_TIME_FORMAT = "j M Y, H:i"  # 3 Mar 2025, 10:00
WEEKDAY_DAY_MONTH_FORMAT = "l j F"  # Monday 3 March
WEEKDAY_DAY_MONTH_TIME_FORMAT = "l j F, H:i"  # Monday 3 March, 10:00
WEEKDAY_TIME_FORMAT = "l H:i"  # Monday 10:00
WEEKDAY_SHORT_DAY_MONTH_FORMAT = "D j M"  # Mon 3 Mar
WEEKDAY_SHORT_DAY_MONTH_TIME_FORMAT = "D j M, H:i"  # Mon 3 Mar, 10:00
WEEKDAY_SHORT_DAY_MONTH_YEAR_TIME_FORMAT = "D j M Y, H:i"  # Mon 3 Mar 2025, 10:00
