from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "xuncha.findings"
    verbose_name = "问题底稿"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
