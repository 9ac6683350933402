from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "xuncha.workdays"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  (registers the work-queue provider)
