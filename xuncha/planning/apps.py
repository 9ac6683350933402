from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "xuncha.planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  # registers what it contributes to the steps of an inspection
