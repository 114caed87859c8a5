from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatahubConfig(AppConfig):
    name = "yiwang.datahub"
    label = "datahub"
    verbose_name = _("Data sharing")

    def ready(self):
        from yiwang.core.events import EventCode, read_events
        from yiwang.datahub.certificate_actions import issue_for_finished_case

        # An approved case of an item that produces a certificate issues it as the case finishes.
        read_events([EventCode.CASE_FINISHED], issue_for_finished_case)
