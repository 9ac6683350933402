from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "xuncha.obligations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The engine reacts to every event (audit knows no app: it calls what is registered).
        from xuncha.audit.services import EVENT_RECORDED

        from .engine import apply_event

        EVENT_RECORDED.register(apply_event, key="obligations.engine")
