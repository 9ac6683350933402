from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "xuncha.reports"
    verbose_name = "巡察报告"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import closure, queue  # noqa: F401  # queue registers this app's work-queue providers

        closure.register()  # the closure condition it contributes to inspections
