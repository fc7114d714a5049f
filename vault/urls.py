from django.urls import path

from vault import views

# Part of the "portal" namespace: datameent/portal_urls.py puts these beside the login.
urlpatterns = [
    path("mijn-gegevens/", views.records, name="records"),
    path("mijn-gegevens/nieuw/", views.record_new, name="record-new"),
    path("mijn-gegevens/nieuw/<slug:type_code>/", views.record_new_typed, name="record-new-typed"),
    path("mijn-gegevens/<uuid:record_id>/", views.record, name="record"),
    path("mijn-gegevens/<uuid:record_id>/wijzigen/", views.record_edit, name="record-edit"),
    path("mijn-gegevens/<uuid:record_id>/versies/", views.record_versions, name="record-versions"),
    path("mijn-gegevens/<uuid:record_id>/document/", views.record_document, name="record-document"),
    path("mijn-gegevens/<uuid:record_id>/verwijderen/", views.record_remove, name="record-delete"),
    path("downloaden-of-wissen/", views.data_rights, name="data-rights"),
    path("downloaden-of-wissen/download/", views.export, name="export"),
    path("downloaden-of-wissen/wissen/", views.erase, name="erase"),
]
