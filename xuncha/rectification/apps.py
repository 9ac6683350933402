from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "xuncha.rectification"
    verbose_name = "整改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
