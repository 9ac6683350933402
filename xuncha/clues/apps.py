from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "xuncha.clues"
    verbose_name = "问题线索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
