"""The portal's pages for representation ("Ik regel dit voor", "Wie mag namens
mij?", the registrars' page).

Apart from the ``representation`` app because they sit higher: they give and answer consent
through consent's services, and consent itself asks ``representation`` who may act. The
templates stay in ``representation/templates``.
"""
