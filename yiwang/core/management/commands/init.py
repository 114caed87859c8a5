"""`yiwang init`: prepare the embedded default's var dir — its generated keys and static folder.

Creates `<YIWANG_VAR_DIR>/` with `secret_key`, `pii.key` and `sm2.key` (mode 0600) for every one of
YIWANG_SECRET_KEY, YIWANG_PII_KEY and YIWANG_SM2_KEY that is not configured, and the static folder.
The var dir is made (or tightened to) 0700 and an existing embedded SQLite database and its -wal/-shm
files to 0600. Safe to repeat: an existing file is never replaced. `yiwang demo` runs it first; production, which is
given its keys, has no need of it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from yiwang.core import localsecrets


class Command(BaseCommand):
    help = "Create the embedded default's var dir and its generated keys (never replaces one)."
    requires_system_checks = []  # it is what makes the checks pass

    def handle(self, *args, **options):
        created = localsecrets.create_missing(settings.VAR_DIR)
        localsecrets.make_private_dir(settings.VAR_DIR)
        database = settings.DATABASES["default"]
        if database["ENGINE"] == "django.db.backends.sqlite3":
            localsecrets.protect_sqlite(database["NAME"])
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        for path in created:
            self.stdout.write(f"created {path}")
        if not created:
            self.stdout.write(f"nothing to create in {settings.VAR_DIR}")
