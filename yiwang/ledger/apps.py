from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "yiwang.ledger"
    label = "ledger"
    verbose_name = _("Verifiable ledger")

    def ready(self):
        from yiwang.ledger.actions import register_readers

        register_readers()
