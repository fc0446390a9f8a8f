from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "TRD reviews"

    def ready(self):
        from reviews import signals  # noqa: F401  (connects the sign-in audit receivers)

        post_migrate.connect(refresh_stale_facts, sender=self)


def refresh_stale_facts(sender, using, **kwargs):
    """The list's stored facts are a cache of the trial rules: after a migration, those stored
    under older rules are computed again with the code now running. Only when this app's
    migrations are all applied (a migration back to an older state leaves them alone), so a
    migration itself never imports the live rules."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    from reviews import services

    loader = MigrationLoader(connections[using])
    leaves = set(loader.graph.leaf_nodes(sender.label))
    if leaves <= set(loader.applied_migrations) and using == "default":
        services.refresh_stale_facts()
