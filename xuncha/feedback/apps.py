from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "xuncha.feedback"
    verbose_name = "反馈"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import closure, queue  # noqa: F401  # queue registers this app's work-queue providers

        closure.register()  # the closure conditions it contributes to inspections
