from django.urls import path

from reviews import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/new/", views.review_start, name="review_start"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/resume/", views.review_resume, name="review_resume"),
    path("reviews/<int:pk>/steps/<slug:step>/", views.review_step, name="review_step"),
    path("reviews/<int:pk>/finish/", views.review_finish, name="review_finish"),
    path("reviews/<int:pk>/amend/", views.review_amend, name="review_amend"),
    path("reviews/<int:pk>/pdf/", views.review_pdf, name="review_pdf"),
]
