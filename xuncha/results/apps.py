from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "xuncha.results"
    verbose_name = "听取汇报、决定与成果运用"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue  # noqa: F401  # registers this app's work-queue providers
