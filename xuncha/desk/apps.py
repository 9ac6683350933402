from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The pages that gather every app: the dashboard (工作台), the work queue (我的待办) and its API, and the
    navigation bar. It sits above the domain apps and below the demo loader; core knows none of it."""

    name = "xuncha.desk"
    default_auto_field = "django.db.models.BigAutoField"
