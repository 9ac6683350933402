from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xuncha.core"
    default_auto_field = "django.db.models.BigAutoField"
