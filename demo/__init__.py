"""The demo of Gemeente Meenthuizen: its cast, records, consents, log history, objection and
representation, loaded by ``manage.py seed_demo``.

Installed in development and tests; production settings leave it out unless
``DATAMEENT_DEMO=1`` asks for it (a demo server), so a municipality's installation has no
command that makes accounts whose passwords are in the README. It sits above every other
app and uses them through their services, selectors and constants, as any app would.
"""
