from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class JurisdictionsConfig(AppConfig):
    name = "xuncha.jurisdictions"
    verbose_name = "党委与规则"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Validate every rulebook at start-up: a broken data file must stop the
        # process with the file, path and article, not fail later mid-request.
        from .rulebook import RulebookError, all_rulebooks

        try:
            all_rulebooks()
        except RulebookError as exc:
            raise ImproperlyConfigured(f"规则文件校验失败：\n{exc}") from exc

        from xuncha.core.rulebook_words import RULEBOOK_WORDS

        RULEBOOK_WORDS.register(lambda: {book.word for book in all_rulebooks().values()}, key="jurisdictions")
