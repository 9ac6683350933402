from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "xuncha.obligations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The engine reacts to every event (audit knows no app: it calls what is registered).
        from xuncha.audit.services import EVENT_RECORDED

        from .engine import apply_event

        EVENT_RECORDED.register(apply_event, key="obligations.engine")

        # The due dates a holiday schedule computes or moves, and the to-do to enter the schedule.
        from xuncha.workdays.services import DUE_CHANGES

        from . import calendar_queue  # noqa: F401  (registers the work-queue provider)
        from .engine import due_changes

        DUE_CHANGES.register(due_changes, key="obligations.due_changes")
