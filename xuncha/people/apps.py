from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "xuncha.people"
    verbose_name = "巡察工作人员"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xuncha.planning.services import MEMBER_ELIGIBILITY

        from .services import new_team_refusal

        MEMBER_ELIGIBILITY.register(new_team_refusal, key="people.eligibility")
