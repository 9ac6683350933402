from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "xuncha.disclosures"
    verbose_name = "公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xuncha.inspections.entry import ENTERED

        from . import queue  # noqa: F401  # registers this app's work-queue providers
        from .entry import entry_announcement_draft

        ENTERED.register(entry_announcement_draft, key="disclosures.entry_announcement")
