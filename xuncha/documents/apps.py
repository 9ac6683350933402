from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "xuncha.documents"
    verbose_name = "公文"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import actions  # noqa: F401  # registers this app's event actions
        from .kinds import load

        load()
