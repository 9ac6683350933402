from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "xuncha.planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import contributions

        contributions.register()  # what it contributes to the steps of an inspection
