from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "TRD reviews"

    def ready(self):
        from reviews import signals  # noqa: F401  (connects the sign-in audit receivers)
