from django.urls import path

from reviews import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/new/", views.review_start, name="review_start"),
    path("reviews/export.csv", views.reviews_csv, name="reviews_csv"),
    path("reviews/<int:pk>/history/", views.review_history, name="review_history"),
    path("reviews/<int:pk>/follow-up/", views.review_follow_up, name="review_follow_up"),
    path("reviews/<int:pk>/export.json", views.review_export_json, name="review_export_json"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/resume/", views.review_resume, name="review_resume"),
    path("reviews/<int:pk>/steps/<slug:step>/", views.review_step, name="review_step"),
    path(
        "reviews/<int:pk>/steps/<slug:step>/autosave/",
        views.review_step_autosave,
        name="review_step_autosave",
    ),
    path(
        "reviews/<int:pk>/steps/<slug:step>/discard/",
        views.review_step_discard,
        name="review_step_discard",
    ),
    path("session/keep/", views.keep_signed_in, name="keep_signed_in"),
    path("reviews/<int:pk>/finish/", views.review_finish, name="review_finish"),
    path("reviews/<int:pk>/amend/", views.review_amend, name="review_amend"),
    path("reviews/<int:pk>/pdf/", views.review_pdf, name="review_pdf"),
]
