"""English dates as the portal's English speakers in the Netherlands read them: day before
month and a 24-hour clock, as on the Dutch pages ("2 March 2026 14:30"), not Django's US
default ("March 2, 2026, 2:30 p.m.")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
