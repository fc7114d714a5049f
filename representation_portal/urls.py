from django.urls import path

from representation_portal import record_views, rights_views, views

app_name = "representation"
urlpatterns = [
    path("namens/", views.act_for, name="act-for"),
    path("namens/toestemmingen/", views.acting_consents, name="acting-consents"),
    path(
        "namens/toestemmingen/geven/<slug:code>/", views.acting_grant_new, name="acting-grant-new"
    ),
    path(
        "namens/toestemmingen/<uuid:grant_id>/intrekken/", views.acting_revoke, name="acting-revoke"
    ),
    path("namens/toestemmingen/<uuid:grant_id>/akkoord/", views.acting_agree, name="acting-agree"),
    path("namens/verzoeken/", views.acting_requests, name="acting-requests"),
    path("namens/verzoek/<uuid:request_id>/", views.acting_request, name="acting-request"),
    path(
        "namens/verzoeken/<uuid:request_id>/goedkeuren/",
        views.acting_approve,
        name="acting-approve",
    ),
    path("namens/verzoeken/<uuid:request_id>/afwijzen/", views.acting_deny, name="acting-deny"),
    path("namens/logboek/", views.acting_log, name="acting-log"),
    path("namens/logboek/<uuid:entry_id>/", views.acting_log_entry, name="acting-log-entry"),
    path("namens/berichten/", rights_views.acting_inbox, name="acting-inbox"),
    path("namens/downloaden/", rights_views.acting_data_rights, name="acting-data-rights"),
    path("namens/downloaden/download/", rights_views.acting_export, name="acting-export"),
    path("namens/gegevens/", record_views.acting_records, name="acting-records"),
    path("namens/gegevens/<uuid:record_id>/", record_views.acting_record, name="acting-record"),
    path(
        "namens/gegevens/<uuid:record_id>/wijzigen/",
        record_views.acting_record_edit,
        name="acting-record-edit",
    ),
    path(
        "namens/gegevens/<uuid:record_id>/versies/",
        record_views.acting_record_versions,
        name="acting-record-versions",
    ),
    path(
        "namens/gegevens/<uuid:record_id>/document/",
        record_views.acting_record_document,
        name="acting-record-document",
    ),
    path("wie-mag-namens-mij/", views.who_may, name="who-may"),
    path("wie-mag-namens-mij/machtigen/", views.machtiging_new, name="machtiging-new"),
    path("wie-mag-namens-mij/<int:relation_id>/bezwaar/", views.relation_object, name="object"),
    path("wie-mag-namens-mij/<int:relation_id>/stoppen/", views.machtiging_end, name="end"),
    path("wie-mag-namens-mij/akkoord/<uuid:grant_id>/", views.agree_own, name="agree-own"),
    path("vertegenwoordiging/", views.registrar_home, name="registrar"),
    path(
        "vertegenwoordiging/<int:relation_id>/bevestigen/", views.registrar_confirm, name="confirm"
    ),
    path("vertegenwoordiging/<int:relation_id>/beoordelen/", views.registrar_review, name="review"),
]
