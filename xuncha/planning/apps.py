from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "xuncha.planning"
    default_auto_field = "django.db.models.BigAutoField"
