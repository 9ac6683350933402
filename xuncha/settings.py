"""The one settings module. Everything that differs between deployments comes
from the environment and is parsed strictly: a bad value stops start-up with a
message that names the variable. See README "配置 / Configuration"."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 无效：应为 true 或 false（也接受 1/0、yes/no、on/off）。")


def _int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 无效：应为 {minimum} 至 {maximum} 之间的整数。")
    return int(raw)


def _list(name: str, default: str) -> list[str]:
    raw = os.environ.get(name, default)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"环境变量 {name} 不能为空：请给出以逗号分隔的主机名，例如 127.0.0.1,localhost。")
    if "*" in items:
        raise ImproperlyConfigured(f"环境变量 {name} 不接受 '*'：请逐个列出允许的主机名。")
    return items


VAR_DIR = Path(os.environ.get("XUNCHA_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _bool("XUNCHA_DEBUG", False)


def _secret_key() -> str:
    """The key from XUNCHA_SECRET_KEY, else one generated once into var/secret_key."""
    given = os.environ.get("XUNCHA_SECRET_KEY", "")
    if given:
        if len(given) < 50:
            raise ImproperlyConfigured(
                "环境变量 XUNCHA_SECRET_KEY 过短：至少 50 个字符。不设置则自动生成并保存在 var/secret_key。"
            )
        return given
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # O_EXCL so two workers starting together cannot write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _list("XUNCHA_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("XUNCHA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

_db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'xuncha.sqlite3'}"
try:
    _db: dict[str, Any] = dict(dj_database_url.parse(_db_url, conn_max_age=60))
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"环境变量 DATABASE_URL={_db_url!r} 无效：{exc}") from exc
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(f"DATABASE_URL 只支持 sqlite:// 与 postgres://，收到 {_db['ENGINE']}。")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    _db["CONN_MAX_AGE"] = 0
_db["ATOMIC_REQUESTS"] = False
_db.setdefault("TEST", {})
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "xuncha.core",
    "xuncha.jurisdictions",
    "xuncha.workdays",
    "xuncha.accounts",
    "xuncha.audit",
    "xuncha.registry",
    "xuncha.people",
    "xuncha.spreadsheets",
    "xuncha.planning",
    "xuncha.inspections",
    "xuncha.fieldwork",
    "xuncha.preparation",
    "xuncha.findings",
    "xuncha.feedback",
    "xuncha.reports",
    "xuncha.disclosures",
    "xuncha.clues",
    "xuncha.documents",
    "xuncha.reporting",
    "xuncha.evaluations",
    "xuncha.obligations",
    "xuncha.rectification",
    "xuncha.results",
    "xuncha.desk",
    "xuncha.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The public's pages (/p/): the visitor's address and device removed before anything else sees the request.
    "xuncha.core.anonymity.middleware.AnonymousPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "xuncha.urls"
WSGI_APPLICATION = "xuncha.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xuncha.desk.context_processors.navigation",
                "xuncha.desk.context_processors.word",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("XUNCHA_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on a missing directory before collectstatic
# Serve app static files even before collectstatic has run (one process, small office): nothing to forget.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _bool("XUNCHA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "xuncha.core.api.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "xuncha.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "xuncha 巡视巡察工作平台 API",
    "DESCRIPTION": "所有读取都经过 visible_to(user)；所有写入都经过服务函数并记录事件。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` or `status` with their own choices: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "FeedbackNotificationKindEnum": "xuncha.feedback.models.CirculatedNotice.Kind",
        "RectificationItemStatusEnum": "xuncha.rectification.models.RectificationItem.Status",
        "RectificationReportStatusEnum": "xuncha.rectification.models.RectificationReport.Status",
        "PoorRectificationStepKindEnum": "xuncha.rectification.models.PoorRectificationStep.Kind",
        "ResultsMeetingKindEnum": "xuncha.results.models.Meeting.Kind",
        "DisclosureStatusEnum": "xuncha.disclosures.models.Disclosure.Status",
        "ReportStatusEnum": "xuncha.reports.models.Report.Status",
        "MembershipRoleEnum": "xuncha.accounts.models.Membership.Role",
        "TeamRoleEnum": "xuncha.planning.models.TeamMembership.Role",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The public's pages never reach a log with their request (core/anonymity/logs.py): a log line's time and path
    # would tell when someone reported. Every handler added here must carry the filter.
    "filters": {"public_requests": {"()": "xuncha.core.anonymity.logs.PublicRequestFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["public_requests"]},
        # runserver's access log, as Django configures it by default, but filtered.
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["public_requests"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Django's own console and mail-admins handlers on `django` would carry a request unfiltered: its records
        # go to the root's filtered handler instead.
        "django": {"handlers": [], "propagate": True},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("XUNCHA_LOG_LEVEL", "WARNING")},
}
AUTH_USER_MODEL = "accounts.User"

# -- the public's channel and anonymous evaluations (issue 14; docs/public-channel.md). System settings, not articles.
# Argon2id cost for a reporter's receipt code: about 0.2 s on one core at the default (bench/public_channel.py).
XUNCHA_ARGON2_TIME_COST = _int("XUNCHA_ARGON2_TIME_COST", 3, minimum=1, maximum=20)
XUNCHA_ARGON2_MEMORY_KIB = _int("XUNCHA_ARGON2_MEMORY_KIB", 65536, minimum=8, maximum=4 * 1024 * 1024)
XUNCHA_ARGON2_PARALLELISM = _int("XUNCHA_ARGON2_PARALLELISM", 1, minimum=1, maximum=16)
# Proof of work before a public form is accepted: leading zero bits of SHA-256 (16 ≈ 65 000 tries on average: 0.14 s
# in desktop Chromium here, 460 000 hashes/s with pow.js — bench/public_channel.py; several times that on a phone).
XUNCHA_PUBLIC_POW_BITS = _int("XUNCHA_PUBLIC_POW_BITS", 16, minimum=0, maximum=28)
# Wrong receipt or slip codes tolerated per visitor in 15 minutes, and per channel in an hour, before refusing.
XUNCHA_PUBLIC_CODE_TRIES = _int("XUNCHA_PUBLIC_CODE_TRIES", 10, minimum=1, maximum=1000)
XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL = _int("XUNCHA_PUBLIC_CODE_TRIES_PER_CHANNEL", 200, minimum=1, maximum=100000)
# Reports accepted per visitor per hour.
XUNCHA_PUBLIC_REPORTS_PER_HOUR = _int("XUNCHA_PUBLIC_REPORTS_PER_HOUR", 5, minimum=1, maximum=1000)
# Evaluation results are shown only for groups of at least this many answers: the office's setting (neither
# regulation fixes one), default 5.
XUNCHA_EVALUATION_MIN_GROUP = _int("XUNCHA_EVALUATION_MIN_GROUP", 5, minimum=2, maximum=100)
# The address at which the public reaches this instance (printed on posters, slips and the entry announcement, put
# into QR codes), e.g. https://xc.example.gov.cn — when unset, the address the page was opened at.
XUNCHA_PUBLIC_URL = os.environ.get("XUNCHA_PUBLIC_URL", "").strip()
if XUNCHA_PUBLIC_URL and not XUNCHA_PUBLIC_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"环境变量 XUNCHA_PUBLIC_URL={XUNCHA_PUBLIC_URL!r} 无效：应以 http:// 或 https:// 开头，例如 https://xc.example.gov.cn。"
    )

# The cache holds the public pages' rate limits and spent proof-of-work challenges (never the database). One process:
# memory. Several workers (a province): one Redis for all, or each worker would count and spend on its own.
XUNCHA_REDIS_URL = os.environ.get("XUNCHA_REDIS_URL", "").strip()
if XUNCHA_REDIS_URL and not XUNCHA_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"环境变量 XUNCHA_REDIS_URL={XUNCHA_REDIS_URL!r} 无效：应以 redis:// 开头，例如 redis://127.0.0.1:6379/0。"
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": XUNCHA_REDIS_URL, "KEY_PREFIX": "xuncha"}
        if XUNCHA_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
