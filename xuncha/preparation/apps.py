from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "xuncha.preparation"
    verbose_name = "巡察准备"
    default_auto_field = "django.db.models.BigAutoField"
