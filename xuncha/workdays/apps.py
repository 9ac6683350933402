from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "xuncha.workdays"
    default_auto_field = "django.db.models.BigAutoField"
