from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "xuncha.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every app's `actions.py` registers its event actions (`audit.actions.define`); import them all now, as the
        # admin does with `admin.py`, so the registry is complete without audit naming any app.
        autodiscover_modules("actions")
        # …and every app's `secrets.py` its kinds of secret material (`audit.secrecy.SECRET_KINDS`), in the order of
        # INSTALLED_APPS, which is the order the disclosure check reports them in.
        autodiscover_modules("secrets")
