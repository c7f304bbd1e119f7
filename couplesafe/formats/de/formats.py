# CoupleSafe's named date shapes in German (couplesafe/formats/__init__.py).
DAY_MONTH_FORMAT = "j. F"  # 3. März
DAY_MONTH_SHORT_FORMAT = "j. M"  # 3. Mär
DAY_MONTH_YEAR_FORMAT = "j. F Y"  # 3. März 2025
DAY_MONTH_YEAR_SHORT_FORMAT = "j. M Y"  # 3. Mär 2025
DAY_MONTH_TIME_FORMAT = "j. F, H:i"  # 3. März, 10:00
DAY_MONTH_YEAR_TIME_FORMAT = "j. F Y, H:i"  # 3. März 2025, 10:00
DAY_MONTH_YEAR_SHORT_TIME_FORMAT = "j. M Y, H:i"  # 3. Mär 2025, 10:00
WEEKDAY_DAY_MONTH_FORMAT = "l, j. F"  # Montag, 3. März
WEEKDAY_DAY_MONTH_TIME_FORMAT = "l, j. F, H:i"  # Montag, 3. März, 10:00
WEEKDAY_TIME_FORMAT = "l, H:i"  # Montag, 10:00
WEEKDAY_SHORT_DAY_MONTH_FORMAT = "D, j. M"  # Mo, 3. Mär
WEEKDAY_SHORT_DAY_MONTH_TIME_FORMAT = "D, j. M, H:i"  # Mo, 3. Mär, 10:00
WEEKDAY_SHORT_DAY_MONTH_YEAR_TIME_FORMAT = "D, j. M Y, H:i"  # Mo, 3. Mär 2025, 10:00
