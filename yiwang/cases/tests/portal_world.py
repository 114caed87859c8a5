"""Things the applicant-side tests (test_portal_*, test_letter*) build through the actions."""

from conftest import department, item_spec, sole_trader_answers, upload
from yiwang.core.identifiers import make_credit_code


def enterprise_of(user, index=1):
    """An enterprise registered by `user` as its legal representative."""
    from yiwang.accounts.actions import do_register_enterprise

    return do_register_enterprise(
        user=user,
        name=f"重庆测试{index}有限公司",
        credit_code=make_credit_code(f"91500103MA5U{index:05d}"),
        legal_representative=user.person.name,
    )


def published_item(code="11500103MB0000004X017009", **overrides):
    """Another published item of 市场监管局, with `overrides` to the sole trader spec."""
    from yiwang.services.actions import do_create_item, do_publish_version

    version = do_create_item(
        implementation_code=code, department=department("04"), spec=item_spec(**overrides), actor=None
    )
    return do_publish_version(version, actor=None).item


def submitted_for(user, applicant, item):
    """An application by `user` for `applicant`, submitted with its lease."""
    from yiwang.cases.actions import do_add_material, do_save_answers, do_start_case, do_submit_case

    case = do_start_case(item, applicant=applicant, owner=user, actor=user)
    do_add_material(
        case, upload=upload(), material=item.current.materials.get(source="applicant"), actor=user
    )
    person = user.person  # an enterprise's operator is the agent: nothing of theirs is prefilled
    operator = {"operator_name": person.name, "operator_id": person.id_number, "phone": person.phone}
    do_save_answers(case, answers={**operator, **sole_trader_answers()}, actor=user)
    return do_submit_case(case, actor=user)


def decided(case, officer, head, *, approve=True, reason="经营场所不符合规定。"):
    """Accept, review and decide a submitted case, then finish it (the officer's side)."""
    from yiwang.cases.actions import do_accept_case, do_complete_step, do_finish_case

    do_accept_case(case, actor=officer)
    do_complete_step(case, actor=officer, opinion="材料齐全，符合条件。")
    from yiwang.cases.models import Case

    do_complete_step(
        case,
        actor=head,
        opinion="同意。" if approve else reason,
        decision=Case.APPROVE if approve else Case.DENY,
    )
    return do_finish_case(case, actor=head)
