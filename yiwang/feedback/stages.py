"""The stages a person meets and may rate: what was rated, by whom, against which department.

A `Target` is one stage of one case or ticket, with the facts a rating copies (department, item,
kind of service) so that statistics never need to join back to cases and tickets.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Q

from yiwang.accounts.models import Subject
from yiwang.cases.models import Case
from yiwang.cases.permissions import cases_for_applicant
from yiwang.core.channels import Channel
from yiwang.core.pii import mask_name
from yiwang.feedback.models import (
    CASE_STAGES,
    COUNTER,
    ONLINE,
    STAGE_ACCEPT,
    STAGE_ANSWER,
    STAGE_RESULT,
    TICKET_STAGES,
    Evaluation,
)
from yiwang.hotline.models import Ticket

CASE, TICKET = "case", "ticket"


@dataclass
class Target:
    """One stage of one case or ticket, as a rating sees it."""

    kind: str  # CASE or TICKET
    obj: object
    stage: str

    @property
    def case(self):
        return self.obj if self.kind == CASE else None

    @property
    def ticket(self):
        return self.obj if self.kind == TICKET else None

    @property
    def department(self):
        return self.obj.department

    @property
    def item(self):
        return self.obj.item if self.kind == CASE else None

    @property
    def item_code(self):
        if self.kind == CASE:
            return self.obj.item.implementation_code
        return self.obj.category.code if self.obj.category_id else ""

    @property
    def mode(self):
        """Counter indicators for a case taken in at the counter (一次一评), online ones otherwise."""
        return COUNTER if self.kind == CASE and self.obj.channel == Channel.COUNTER else ONLINE

    @property
    def number(self):
        return self.obj.number

    def happened(self):
        """Whether the person has met this stage yet: one cannot rate what has not happened."""
        obj = self.obj
        if self.kind == CASE:
            if self.stage == STAGE_ACCEPT:
                return obj.accepted_at is not None or obj.status == Case.NOT_ACCEPTED
            return self.stage == STAGE_RESULT and obj.status in (Case.FINISHED, Case.DELIVERED)
        return self.stage == STAGE_ANSWER and obj.answered_at is not None and obj.department_id is not None

    def rated(self):
        field = "case" if self.kind == CASE else "ticket"
        return Evaluation.objects.filter(**{field: self.obj, "stage": self.stage}).exists()

    def masked_rater_name(self):
        """The person's name as the public pages show it (王*)."""
        if self.kind == CASE:
            applicant = self.obj.applicant
            return mask_name(applicant.name) if applicant.kind == Subject.PERSON else applicant.name
        return mask_name(self.obj.caller_name) if not self.obj.anonymous else ""

    def is_rater(self, user):
        """Only the applicant (or the enterprise's agent) rates a case; only the caller rates a ticket."""
        if not getattr(user, "is_authenticated", False):
            return False
        if self.kind == CASE:
            return cases_for_applicant(user).filter(pk=self.obj.pk).exists()
        return self.obj.caller_user_id == user.pk


def stages_of(kind):
    return CASE_STAGES if kind == CASE else TICKET_STAGES


def case_stages(case):
    """The stages of a case the applicant has met, in order."""
    return [t for t in (Target(CASE, case, s) for s in CASE_STAGES) if t.happened()]


def open_stages(kind, obj):
    """The stages met and not yet rated."""
    targets = [Target(kind, obj, s) for s in stages_of(kind)]
    met = [t for t in targets if t.happened()]
    if not met:
        return []
    field = "case" if kind == CASE else "ticket"
    rated = set(Evaluation.objects.filter(**{field: obj}).values_list("stage", flat=True))
    return [t for t in met if t.stage not in rated]


def find_for_user(user, kind, code, stage):
    """The target a logged-in person may rate, or None (someone else's case, an unknown code)."""
    try:
        code = uuid.UUID(str(code))
    except (ValueError, TypeError):
        return None
    if stage not in stages_of(kind):
        return None
    if kind == CASE:
        obj = (
            cases_for_applicant(user)
            .exclude(status=Case.DRAFT)
            .filter(code=code)
            .select_related("item", "department", "applicant", "version")
            .first()
        )
    elif kind == TICKET and getattr(user, "is_authenticated", False):
        obj = (
            Ticket.objects.filter(Q(caller_user=user), code=code)
            .select_related("department", "category")
            .first()
        )
    else:
        obj = None
    return Target(kind, obj, stage) if obj is not None else None


def find_by_code(kind, code, stage):
    """The target named by a signed link (the signature proved who it was given to)."""
    if stage not in stages_of(kind):
        return None
    if kind == CASE:
        obj = (
            Case.objects.exclude(status=Case.DRAFT)
            .filter(code=code)
            .select_related("item", "department", "applicant", "version")
            .first()
        )
    elif kind == TICKET:
        obj = Ticket.objects.filter(code=code).select_related("department", "category").first()
    else:
        obj = None
    return Target(kind, obj, stage) if obj is not None else None
