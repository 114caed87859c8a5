from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "yiwang.feedback"
    label = "feedback"
    verbose_name = _("Service evaluation")

    def ready(self):
        """Invite the person to rate as soon as a stage they meet happens (read from the stage's event)."""
        from yiwang.core.events import EventCode, read_events
        from yiwang.feedback import invitations

        read_events(
            [EventCode.CASE_ACCEPTED, EventCode.CASE_NOT_ACCEPTED, EventCode.CASE_FINISHED],
            invitations.invite_for_case,
        )
        read_events([EventCode.TICKET_ANSWERED], invitations.invite_for_ticket)
