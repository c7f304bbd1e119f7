# CoupleSafe's named date shapes in Spanish (couplesafe/formats/__init__.py).
DAY_MONTH_FORMAT = r"j \d\e F"  # 3 de marzo
DAY_MONTH_SHORT_FORMAT = "j b"  # 3 mar
DAY_MONTH_YEAR_FORMAT = r"j \d\e F \d\e Y"  # 3 de marzo de 2025
DAY_MONTH_YEAR_SHORT_FORMAT = "j b Y"  # 3 mar 2025
DAY_MONTH_TIME_FORMAT = r"j \d\e F, H:i"  # 3 de marzo, 10:00
DAY_MONTH_YEAR_TIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 3 de marzo de 2025, 10:00
DAY_MONTH_YEAR_SHORT_TIME_FORMAT = "j b Y, H:i"  # 3 mar 2025, 10:00
WEEKDAY_DAY_MONTH_FORMAT = r"l, j \d\e F"  # lunes, 3 de marzo
WEEKDAY_DAY_MONTH_TIME_FORMAT = r"l, j \d\e F, H:i"  # lunes, 3 de marzo, 10:00
WEEKDAY_TIME_FORMAT = "l H:i"  # lunes 10:00
WEEKDAY_SHORT_DAY_MONTH_FORMAT = "D j b"  # lun 3 mar
WEEKDAY_SHORT_DAY_MONTH_TIME_FORMAT = "D j b, H:i"  # lun 3 mar, 10:00
WEEKDAY_SHORT_DAY_MONTH_YEAR_TIME_FORMAT = "D j b Y, H:i"  # lun 3 mar 2025, 10:00
