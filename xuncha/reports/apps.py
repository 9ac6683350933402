from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuncha.reports"
    verbose_name = "巡察报告"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
