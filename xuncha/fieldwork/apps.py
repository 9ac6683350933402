from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    verbose_name = "巡察了解工作"
    default_auto_field = "django.db.models.BigAutoField"
