from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The public's channel to a stationed team (受理来信、来电、来访).

    JDZ-2017 第十九条（三）, NMG-2016 第二十条（三）."""

    name = "xuncha.reporting"
    verbose_name = "网上反映"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from xuncha.disclosures.hooks import PUBLIC_LINKS
        from xuncha.inspections.entry import ENTERED

        from . import actions, queue  # noqa: F401  # the event actions; the work-queue providers
        from .contributions import open_channel_links
        from .entry import channel_open_at_entry

        ENTERED.register(channel_open_at_entry, key="reporting.channel")
        PUBLIC_LINKS.register(open_channel_links, key="reporting.public_links")
