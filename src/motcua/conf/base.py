"""Settings for motcua, read from environment variables.

Embedded defaults (no variable set): SQLite under ``var/``, background tasks inline, files on
local disk, e-mail to the console. Production switches by variables only — see
``docs/vi/cau-hinh.md`` for the full list.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env, env_bool, env_int, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env("MOTCUA_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

# --- security -------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the one page framed by our own pages opts out (letterhead preview)
SESSION_COOKIE_HTTPONLY = True
# MOTCUA_HTTPS=true (served over HTTPS, docs/vi/trien-khai.md) turns every HTTPS switch on;
# each variable below can still override it.
HTTPS = env_bool("MOTCUA_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes of the load balancer, over HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks): the client address
# then comes from that header for the audit trail, lock-outs, rate limits and access statistics.
MOTCUA_TRUSTED_PROXIES = env_list("MOTCUA_TRUSTED_PROXIES")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)

# Strict CSP: no inline script or style anywhere; every asset is served by us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# --- applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "axes",
    "motcua.core",
    "motcua.accounts",
    "motcua.notifications",
    "motcua.directory",
    "motcua.worktime",
    "motcua.catalog",
    "motcua.portal",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.backoffice",
    "motcua.payments",
    "motcua.compliance",
    "motcua.ops",
    "motcua.api",
    "motcua.demo",
    "motcua.feedback",
    "motcua.reports",
    "motcua.integrations",
    "motcua.archive",
]

MIDDLEWARE = [
    "motcua.ops.middleware.TrustedProxyMiddleware",
    "motcua.ops.middleware.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.request_context.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "motcua.ops.middleware.LookupRateLimitMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", DEFAULT_SQLITE))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers queue on the
    # busy timeout instead of failing mid-transaction; WAL lets readers run beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, background work -----------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua"}
    )
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    # NĐ 118 Điều 17.2 alerts within 2 hours: every 5 minutes leaves ample margin.
    "dossiers-run-timers": {"task": "motcua.dossiers.run_timers", "schedule": 300.0},
    "ops-purge-expired": {"task": "motcua.ops.purge_expired", "schedule": 24 * 3600.0},
    # National portal: pull online dossiers, send due messages and retries (ADR 0012).
    "integrations-sync": {"task": "motcua.integrations.sync", "schedule": 60.0},
}

# --- files ----------------------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True  # serve straight from app static dirs when collectstatic has not run
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
MOTCUA_UPLOAD_MAX_BYTES = env_int("MOTCUA_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Dịch vụ công Quảng Ngãi <no-reply@localhost>")

# --- notifications (e-mail, SMS, in-app) -----------------------------------------------------
MOTCUA_NOTIFICATION_CHANNELS = env_list(
    "MOTCUA_NOTIFICATION_CHANNELS",
    "motcua.notifications.channels.in_app.InAppChannel,"
    "motcua.notifications.channels.email.EmailChannel,"
    "motcua.notifications.channels.sms.SmsChannel",
)
MOTCUA_NOTIFICATION_MAX_RETRIES = env_int("MOTCUA_NOTIFICATION_MAX_RETRIES", 5)
MOTCUA_NOTIFICATION_RETRY_DELAY = env_int("MOTCUA_NOTIFICATION_RETRY_DELAY", 30)  # s, doubles
MOTCUA_NOTIFICATION_RETRY_DELAY_MAX = env_int("MOTCUA_NOTIFICATION_RETRY_DELAY_MAX", 3600)
MOTCUA_SMS_BACKEND = env("MOTCUA_SMS_BACKEND", "motcua.notifications.sms.console.ConsoleSmsBackend")
MOTCUA_SMS_ASCII = env_bool("MOTCUA_SMS_ASCII", True)  # strip diacritics: 160 characters, not 70
MOTCUA_SMS_HTTP_URL = env("MOTCUA_SMS_HTTP_URL")
MOTCUA_SMS_HTTP_API_KEY = env("MOTCUA_SMS_HTTP_API_KEY")
MOTCUA_SMS_HTTP_API_KEY_HEADER = env("MOTCUA_SMS_HTTP_API_KEY_HEADER", "Authorization")
MOTCUA_SMS_HTTP_SENDER = env("MOTCUA_SMS_HTTP_SENDER", "DVC")
MOTCUA_SMS_HTTP_BODY = env(
    "MOTCUA_SMS_HTTP_BODY",
    '{"to": "{to}", "text": "{text}", "sender": "{sender}", "reference": "{reference}"}',
)
MOTCUA_SMS_HTTP_NUMBER_FORMAT = env("MOTCUA_SMS_HTTP_NUMBER_FORMAT", "international")
MOTCUA_SMS_HTTP_ID_FIELD = env("MOTCUA_SMS_HTTP_ID_FIELD", "id")
MOTCUA_SMS_HTTP_TIMEOUT = env_int("MOTCUA_SMS_HTTP_TIMEOUT", 10)

# --- authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.accounts.backends.LoginIdentifierBackend",  # username, e-mail or phone
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "motcua.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# One-time codes sent by SMS (sign-up, password reset).
MOTCUA_OTP_TTL_SECONDS = env_int("MOTCUA_OTP_TTL_SECONDS", 600)
MOTCUA_OTP_MAX_ATTEMPTS = env_int("MOTCUA_OTP_MAX_ATTEMPTS", 5)
MOTCUA_OTP_RESEND_SECONDS = env_int("MOTCUA_OTP_RESEND_SECONDS", 60)
MOTCUA_OTP_MAX_PER_HOUR = env_int("MOTCUA_OTP_MAX_PER_HOUR", 5)
MOTCUA_EMAIL_LINK_TTL_HOURS = env_int("MOTCUA_EMAIL_LINK_TTL_HOURS", 72)
# Per client address (django-ratelimit on the shared cache): sign-up and code/link sending.
MOTCUA_RATE_SIGNUP = env("MOTCUA_RATE_SIGNUP", "10/h")
MOTCUA_RATE_SEND_CODE = env("MOTCUA_RATE_SEND_CODE", "20/h")

# Single sign-on with OpenID Connect (VNeID / national portal accounts): off unless a client id
# is set. Endpoints come from OIDC_OP_DISCOVERY_URL, or each one is set explicitly.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_DISCOVERY_URL = env("OIDC_OP_DISCOVERY_URL")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email phone")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts_sso:callback"
OIDC_PROVIDER_CODE = env("OIDC_PROVIDER_CODE", "vneid")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "VNeID")
# Claim names at the provider (JSON object: our field → claim), merged over standard OIDC names.
OIDC_CLAIMS = env("OIDC_CLAIMS", "{}")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("motcua.accounts.oidc.NationalIdentityBackend")

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "REST API of the provincial administrative-procedure system",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- logging --------------------------------------------------------------------------------
# LOG_FORMAT=json writes one JSON object per line, for the collector of the provincial security
# operations centre (docs/vi/an-toan-thong-tin.md); audit entries go to the "motcua.audit" logger.
LOG_FORMAT = "json" if env("LOG_FORMAT") == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "pyhanko_certvalidator": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- motcua ---------------------------------------------------------------------------------
MOTCUA_SITE_NAME = env("MOTCUA_SITE_NAME", _("Cổng Dịch vụ công tỉnh Quảng Ngãi"))
MOTCUA_PROVINCE_NAME = env("MOTCUA_PROVINCE_NAME", "Quảng Ngãi")
MOTCUA_PUBLIC_URL = env("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")
# Label shown on every page while the database holds the sample province.
MOTCUA_SAMPLE_DATA_BANNER = env_bool("MOTCUA_SAMPLE_DATA_BANNER", True)
# This portal's own online filing. Off: "Nộp hồ sơ trực tuyến" leads to the national portal,
# the legal online channel since 1 July 2025; on: to the portal's submission wizard.
MOTCUA_PORTAL_FILING_ENABLED = env_bool("MOTCUA_PORTAL_FILING_ENABLED", False)

# Digital signatures and official papers (docs/vi/bieu-mau-va-chu-ky-so.md). The key is a
# PKCS#12 file or a PKCS#11 token; PINs and passwords come only from the environment.
MOTCUA_SIGNING = {
    "PKCS12_FILE": env("MOTCUA_SIGN_PKCS12_FILE"),
    "PKCS12_PASSWORD": env("MOTCUA_SIGN_PKCS12_PASSWORD"),
    "PKCS11_MODULE": env("MOTCUA_SIGN_PKCS11_MODULE"),
    "PKCS11_TOKEN_LABEL": env("MOTCUA_SIGN_PKCS11_TOKEN_LABEL"),
    "PKCS11_PIN": env("MOTCUA_SIGN_PKCS11_PIN"),
    "PKCS11_KEY_LABEL": env("MOTCUA_SIGN_PKCS11_KEY_LABEL"),
    "PKCS11_CERT_LABEL": env("MOTCUA_SIGN_PKCS11_CERT_LABEL"),
    "CA_CHAIN": env_list("MOTCUA_SIGN_CA_CHAIN"),
    "TSA_URL": env("MOTCUA_TSA_URL"),
    "TSA_USERNAME": env("MOTCUA_TSA_USERNAME"),
    "TSA_PASSWORD": env("MOTCUA_TSA_PASSWORD"),
    "TSA_TIMEOUT": env_int("MOTCUA_TSA_TIMEOUT", 10),
    "TRUST_ROOTS": env_list("MOTCUA_TRUST_ROOTS"),
    "ALLOW_FETCHING": env_bool("MOTCUA_SIGN_ALLOW_FETCHING", False),  # OCSP/CRL over the network
    "STAMP_FONT": env(
        "MOTCUA_SIGN_STAMP_FONT", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    ),
}
MOTCUA_VERIFY_MAX_BYTES = env_int("MOTCUA_VERIFY_MAX_BYTES", 20 * 1024 * 1024)
MOTCUA_RATE_VERIFY = env("MOTCUA_RATE_VERIFY", "60/h")  # public signature checks per address

# Operations (docs/vi/van-hanh.md): feedback address, retention, access statistics, rate limits.
MOTCUA_FEEDBACK_EMAIL = env("MOTCUA_FEEDBACK_EMAIL", "gopy@localhost")
# Days the audit trail and the access statistics are kept; 0 keeps them forever.
MOTCUA_AUDIT_RETENTION_DAYS = env_int("MOTCUA_AUDIT_RETENTION_DAYS", 0)
MOTCUA_ACCESS_RETENTION_DAYS = env_int("MOTCUA_ACCESS_RETENTION_DAYS", 730)
MOTCUA_OPERATION_RETENTION_DAYS = env_int("MOTCUA_OPERATION_RETENTION_DAYS", 7)
MOTCUA_ACCESS_LOG = env_bool("MOTCUA_ACCESS_LOG", True)
MOTCUA_ACCESS_FLUSH_EVERY = env_int("MOTCUA_ACCESS_FLUSH_EVERY", 200)  # requests
MOTCUA_ACCESS_FLUSH_SECONDS = env_int("MOTCUA_ACCESS_FLUSH_SECONDS", 30)
# Public look-ups without a limit of their own, limited per client address by URL name
# (django-ratelimit rates); the tracking page limits itself (MOTCUA_RATE_TRACKING).
MOTCUA_RATE_LIMITS = {"portal:procedure_list": env("MOTCUA_RATE_SEARCH", "120/m")}
# Public dossier look-ups by code per client address (guessing codes is throttled).
MOTCUA_RATE_TRACKING = env("MOTCUA_RATE_TRACKING", "30/m")
# Feedback (phản ánh, kiến nghị) sent from the portal per client address.
MOTCUA_RATE_FEEDBACK = env("MOTCUA_RATE_FEEDBACK", "10/h")
