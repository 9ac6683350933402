from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "xuncha.rectification"
    verbose_name = "整改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import closure, queue  # noqa: F401  # queue registers this app's work-queue providers

        closure.register()  # the closure conditions it contributes to inspections
