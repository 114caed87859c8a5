"""Settings for the test suite: the real settings, with a throw-away var dir and fast hashing.

DATABASE_URL still chooses the database, so the same suite runs on SQLite and on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("YIWANG_VAR_DIR", tempfile.mkdtemp(prefix="yiwang-test-"))
os.environ.setdefault("YIWANG_PII_KEY", "7f" * 32)
os.environ.setdefault("YIWANG_SM2_KEY", "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8")
os.environ.setdefault("YIWANG_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")

from yiwang.settings import *  # noqa: E402,F403

STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405 - `yiwang init` makes it on a real var dir
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; rules are unchanged
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405 - in memory
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
YIWANG_SMS_BACKEND = YIWANG_EMAIL_BACKEND = "yiwang.notify.backends.MemoryBackend"
