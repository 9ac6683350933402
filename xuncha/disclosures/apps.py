from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "xuncha.disclosures"
    verbose_name = "公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
