from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "xuncha.obligations"
    default_auto_field = "django.db.models.BigAutoField"
