from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "xuncha.preparation"
    verbose_name = "巡察准备"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
