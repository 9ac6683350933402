from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuncha.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xuncha.core.visibility import VIEWER_BUILDERS

        from .viewer import build_viewer

        VIEWER_BUILDERS.register(build_viewer, key="accounts.viewer")
