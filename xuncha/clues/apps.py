from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "xuncha.clues"
    verbose_name = "问题线索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import contributions, queue  # noqa: F401  # queue registers this app's work-queue providers

        contributions.register()  # the previous round's clues on the meeting page; the register in the clue report
