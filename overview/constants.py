from datetime import timedelta

# A consent that ends within this time is listed on the overview, so she can renew it.
ENDING_SOON = timedelta(days=30)
# How many of the latest log entries and unread messages the overview shows.
LATEST = 5
