from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    """Online democratic evaluations and questionnaires (民主测评、问卷调查).

    JDZ-2017 第十九条（九）, NMG-2016 第二十条（九）."""

    name = "xuncha.evaluations"
    verbose_name = "民主测评和问卷调查"
    default_auto_field = "django.db.models.BigAutoField"
