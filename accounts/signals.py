"""What accounts announces, for the apps above it to act on (accounts imports none of them).

Receivers run inside the sender's transaction, so what they write commits or rolls back with it.
"""

from django.dispatch import Signal

# A resident logged in from a browser this account never used: ``event`` (LoginEvent) and
# ``known`` (the KnownBrowser just recorded). Notifications tells the resident.
browser_first_seen = Signal()
