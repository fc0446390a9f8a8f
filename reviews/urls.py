from django.urls import path

from reviews.views import (
    accounts,
    audit_trail,
    past_reviews,
    patient_timeline,
    pdfs,
    previsit,
    summaries,
    versions,
    visit_actions,
    walkthrough,
)

urlpatterns = [
    path("", past_reviews.home, name="home"),
    path("reviews/new/", walkthrough.review_start, name="review_start"),
    path("reviews/export.csv", past_reviews.reviews_csv, name="reviews_csv"),
    path(
        "reviews/<int:pk>/timeline/",
        patient_timeline.patient_timeline_page,
        name="patient_timeline",
    ),
    path("reviews/<int:pk>/follow-up/", versions.review_follow_up, name="review_follow_up"),
    path("reviews/<int:pk>/export.json", summaries.review_export_json, name="review_export_json"),
    path(
        "reviews/<int:pk>/export.fhir.json",
        summaries.review_export_fhir,
        name="review_export_fhir",
    ),
    path("reviews/<int:pk>/", summaries.review_detail, name="review_detail"),
    path("reviews/<int:pk>/audit/", audit_trail.review_audit, name="review_audit"),
    path("reviews/<int:pk>/resume/", walkthrough.review_resume, name="review_resume"),
    path("reviews/<int:pk>/steps/<slug:step>/", walkthrough.review_step, name="review_step"),
    path(
        "reviews/<int:pk>/steps/<slug:step>/autosave/",
        walkthrough.review_step_autosave,
        name="review_step_autosave",
    ),
    path(
        "reviews/<int:pk>/steps/<slug:step>/discard/",
        walkthrough.review_step_discard,
        name="review_step_discard",
    ),
    path(
        "reviews/<int:pk>/steps/<slug:step>/same-as/",
        visit_actions.review_step_same_as,
        name="review_step_same_as",
    ),
    path("reviews/<int:pk>/discard/", visit_actions.review_discard, name="review_discard"),
    path("session/keep/", accounts.keep_signed_in, name="keep_signed_in"),
    path("session/token/", accounts.form_token, name="form_token"),
    path("reviews/<int:pk>/finish/", walkthrough.review_finish, name="review_finish"),
    path("reviews/<int:pk>/amend/", versions.review_amend, name="review_amend"),
    path("reviews/<int:pk>/pdf/", pdfs.review_pdf, name="review_pdf"),
    path("reviews/<int:pk>/pdf/status/", pdfs.review_pdf_status, name="review_pdf_status"),
    path("reviews/<int:pk>/pdf/retry/", pdfs.review_pdf_retry, name="review_pdf_retry"),
    path("reviews/<int:pk>/invitations/", previsit.invitation_create, name="invitation_create"),
    path(
        "reviews/<int:pk>/invitations/revoke/",
        previsit.invitation_revoke,
        name="invitation_revoke",
    ),
    path("reviews/<int:pk>/invitations/phq9/", previsit.invitation_phq9, name="invitation_phq9"),
    # "Add to the review" / "Leave out" for a reported row, by part (reviews/previsit/reported.py).
    path(
        "reviews/<int:pk>/invitations/medicine/",
        previsit.invitation_row,
        {"part": "medicines"},
        name="invitation_medicine",
    ),
    path(
        "reviews/<int:pk>/invitations/therapy/",
        previsit.invitation_row,
        {"part": "therapies"},
        name="invitation_therapy",
    ),
    path(
        "reviews/<int:pk>/invitations/procedure/",
        previsit.invitation_row,
        {"part": "procedures"},
        name="invitation_procedure",
    ),
    # The patient's page: no sign-in, the link's token only (reviews/previsit/).
    path("p/<str:token>/", previsit.patient_answers, name="patient_answers"),
]
