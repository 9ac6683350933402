from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "xuncha.disclosures"
    verbose_name = "公开"
    default_auto_field = "django.db.models.BigAutoField"
