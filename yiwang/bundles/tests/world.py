"""Helpers of the bundle tests: staff of any department, complete submissions, granting a case."""

from conftest import department, upload
from yiwang.bundles.actions import applying_items, do_submit_bundle, uploads_needed
from yiwang.bundles.guides import evaluate
from yiwang.bundles.models import Bundle
from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case
from yiwang.cases.models import Case

RESTAURANT_ANSWERS = {
    "trade_name": "李记小面",
    "address": "重庆市渝中区民族路88号",
    "capital": "5",
    "form": "个人经营",
    "food_items": "热食类食品制售",
    "area": "40",
}
RESTAURANT_GUIDE = {"for_whom": "self", "sign": "no"}
DEATH_ANSWERS = {
    "deceased_name": "李大山",
    "deceased_id": "500103194503072315",
    "death_date": "2026-11-20",
    "relation": "子女",
}
BIRTH_ANSWERS = {
    "child_name": "李小满",
    "child_sex": "女",
    "birth_date": "2026-11-02",
    "settle_with": "随父",
    "birth_certificate_no": "Q500012345",
    "delivery": "顺产",
    "bank_account": "6217000000000001",
}
MARRIAGE_ANSWERS = {
    "partner_name": "陈静",
    "partner_id": "500103199205061223",
    "appointment": "2026-12-08",
    "from_address": "四川省成都市武侯区人民南路1号",
    "to_address": "重庆市渝中区民族路88号",
}


def staff(username, suffix, role="department_head"):
    from yiwang.accounts.actions import do_create_staff, do_grant_role

    user = do_create_staff(username=username, name=username, password="Persona-pass-1", actor=None)
    do_grant_role(user, department(suffix), role, actor=None)
    return user


def bundle(slug):
    return Bundle.objects.get(slug=slug)


def all_uploads(bundle, guide_answers=None):
    """A file for every upload the bundle asks for under these guide answers."""
    outcome = evaluate(getattr(bundle, "guide", None), guide_answers or {})
    return {
        key: upload()
        for key, (_label, _targets, required) in uploads_needed(
            applying_items(bundle, outcome), outcome
        ).items()
        if required
    }


def submit(slug, citizen, answers, guide_answers=None, **overrides):
    b = bundle(slug)
    kwargs = dict(
        applicant=citizen.person,
        owner=citizen,
        actor=citizen,
        answers=answers,
        guide_answers=guide_answers or {},
        uploads=all_uploads(b, guide_answers),
    )
    kwargs.update(overrides)
    return do_submit_bundle(b, **kwargs)


def grant(case, head, decision=Case.APPROVE):
    """Accept, decide through every review step and finish, as the department's head."""
    case = Case.objects.get(pk=case.pk)
    do_accept_case(case, actor=head)
    case.refresh_from_db()
    while case.step_id is not None:
        last = not case.version.steps.filter(sort_order__gt=case.step.sort_order).exists()
        do_complete_step(
            case,
            actor=head,
            opinion="符合条件" if decision == Case.APPROVE else "不符合条件",
            decision=decision if last else None,
        )
        case.refresh_from_db()
    if case.can_finish():
        do_finish_case(case, actor=head)
    return case


def part(bundle_case, name):
    return next(
        p
        for p in bundle_case.parts.select_related("bundle_item__item__current", "case")
        if p.bundle_item.name == name
    )
