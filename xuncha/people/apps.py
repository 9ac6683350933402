from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "xuncha.people"
    verbose_name = "巡察工作人员"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import contributions  # noqa: F401  # registers what it contributes to the steps of an inspection
