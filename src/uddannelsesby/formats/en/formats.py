from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 4 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 4 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 4 December 2026, 10:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 4 December
