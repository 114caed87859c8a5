"""The core app: working days, audit trail, and the embedded database's file permissions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yiwang.core"
    label = "core"
    verbose_name = _("Working days and audit trail")

    def ready(self):
        from django.db.backends.signals import connection_created

        from yiwang.core import checks  # noqa: F401 - registers the check that every key is configured

        connection_created.connect(_protect_sqlite_files, dispatch_uid="yiwang.core.protect_sqlite")


def _protect_sqlite_files(sender, connection, **kwargs):
    """The embedded SQLite database holds personal data: whoever opens (and so creates) it, its
    files end up readable by the owner alone (0600)."""
    if connection.vendor == "sqlite":
        from yiwang.core.localsecrets import protect_sqlite

        protect_sqlite(connection.settings_dict["NAME"])
