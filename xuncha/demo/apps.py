from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader (`manage.py load_demo`): fictional data for both rulebooks, through the apps' services.
    It sits at the top of the layers: it uses every app, and none uses it."""

    name = "xuncha.demo"
    default_auto_field = "django.db.models.BigAutoField"
