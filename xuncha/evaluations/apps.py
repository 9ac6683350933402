from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    """Online democratic evaluations and questionnaires (民主测评、问卷调查).

    JDZ-2017 第十九条（九）, NMG-2016 第二十条（九）."""

    name = "xuncha.evaluations"
    verbose_name = "民主测评和问卷调查"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xuncha.reports.hooks import EVALUATION_REPORT_LINES

        from . import actions, queue  # noqa: F401  # the event actions; the work-queue provider
        from .selectors import report_lines

        EVALUATION_REPORT_LINES.register(report_lines, key="evaluations.results")
