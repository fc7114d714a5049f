"""What representation announces, for the apps above it (notifications) to act on.

Receivers run inside the sender's transaction, so what they write commits or rolls back with it.
"""

from django.dispatch import Signal

# The represented person must be told: ``told`` (constants.Told), ``subject``, ``actor``,
# ``source_id`` (the relation or act, for idempotence) and ``context`` (codes and names only).
subject_told = Signal()
