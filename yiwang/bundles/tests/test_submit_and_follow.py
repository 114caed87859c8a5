"""One submission makes one bundle case and one case per item; items run in parallel or wait; the
bundle follows its item cases to the end, refusals included."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.bundles.models import BundleCase, BundleCaseItem
from yiwang.bundles.tests.world import (
    DEATH_ANSWERS,
    MARRIAGE_ANSWERS,
    RESTAURANT_ANSWERS,
    RESTAURANT_GUIDE,
    bundle,
    grant,
    part,
    staff,
    submit,
)
from yiwang.cases.actions import do_refuse_case, do_save_answers, do_submit_case
from yiwang.cases.models import Case
from yiwang.core.models import Event
from yiwang.notify.models import Notification

pytestmark = pytest.mark.usefixtures("demo_bundles")

REGISTRATION, FOOD, SIGN = "个体工商户设立登记", "食品经营许可（新办）", "户外广告设置许可"


def test_parallel_items_are_all_submitted_at_once(li_wei):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    parts = list(bundle_case.parts.select_related("case"))
    assert len(parts) == 2
    assert {p.state for p in parts} == {BundleCaseItem.RUNNING}
    assert {p.case.status for p in parts} == {Case.SUBMITTED}
    assert {p.case.department.code[-2:] for p in parts} == {"03", "06"}
    for p in parts:  # the shared answers reached both forms, asked once
        assert p.case.data["deceased_name"] == "李大山" and p.case.data["death_date"] == "2026-11-20"
        assert p.case.data["name"] == "李伟"  # prefilled from the applicant's record
    assert Event.objects.filter(code=263, object_id=str(bundle_case.pk)).count() == 1


def test_waiting_item_is_fed_and_submitted_when_the_other_is_granted(li_wei, follow):
    bundle_case = submit("marriage", li_wei, MARRIAGE_ANSWERS)
    marriage, moving = part(bundle_case, "结婚登记"), part(bundle_case, "户口迁入")
    assert (marriage.state, moving.state) == (BundleCaseItem.RUNNING, BundleCaseItem.WAITING)
    assert moving.case.status == Case.DRAFT
    follow(grant, marriage.case, staff("civil", "06"))  # 即办件: accepted is finished
    moving.refresh_from_db()
    moving.case.refresh_from_db()
    assert moving.state == BundleCaseItem.RUNNING
    assert moving.case.status == Case.SUBMITTED
    assert moving.case.data["category"] == "投靠亲属"  # the bundle's fixed answer
    assert moving.case.data["to_address"] == "重庆市渝中区民族路88号"
    follow(grant, moving.case, staff("police", "03"))
    bundle_case.refresh_from_db()
    assert bundle_case.status == BundleCase.FINISHED
    assert bundle_case.finished_at is not None
    assert (
        Notification.objects.filter(
            recipient=li_wei, object_id=str(bundle_case.pk), subject__contains="办结"
        ).exists()
        or Notification.objects.filter(recipient=li_wei, object_id=str(bundle_case.pk)).count() >= 2
    )


def test_restaurant_licence_waits_then_asks_for_the_new_credit_code(li_wei, follow):
    bundle_case = submit("restaurant", li_wei, RESTAURANT_ANSWERS, RESTAURANT_GUIDE)
    names = {p.bundle_item.name for p in bundle_case.parts.select_related("bundle_item__item__current")}
    assert names == {REGISTRATION, FOOD}  # no sign: the guide left the sign permit out
    registration, food = part(bundle_case, REGISTRATION), part(bundle_case, FOOD)
    assert registration.case.data["trade_name"] == "李记小面"
    assert registration.case.data["business_scope"] == "餐饮服务"
    assert (
        food.case.data["enterprise_name"] == "李记小面"
        and food.case.data["premises"] == "重庆市渝中区民族路88号"
    )
    market = staff("market", "04")
    follow(grant, registration.case, market)
    food.refresh_from_db()
    assert food.state == BundleCaseItem.NEEDS_APPLICANT
    assert "统一社会信用代码" in food.explanation
    food.case.refresh_from_db()
    follow(do_save_answers, food.case, answers={"credit_code": "92500103MA5U7G1B5L"}, actor=li_wei)
    follow(do_submit_case, food.case, actor=li_wei)
    food.refresh_from_db()
    assert food.state == BundleCaseItem.RUNNING
    follow(grant, food.case, market)
    bundle_case.refresh_from_db()
    assert bundle_case.status == BundleCase.FINISHED
    assert set(bundle_case.parts.values_list("state", flat=True)) == {BundleCaseItem.DONE}


def test_refusal_halts_the_items_that_wait_for_it(li_wei, follow):
    bundle_case = submit(
        "restaurant",
        li_wei,
        {
            **RESTAURANT_ANSWERS,
            "sign_form": "墙面广告",
            "sign_size": "3",
            "sign_from": "2026-12-01",
            "sign_to": "2027-11-30",
        },
        {"for_whom": "self", "sign": "yes"},
    )
    assert bundle_case.parts.count() == 3
    registration = part(bundle_case, REGISTRATION)
    follow(
        do_refuse_case,
        registration.case,
        actor=staff("market", "04"),
        reason="经营场所为住宅，不符合登记条件",
    )
    bundle_case.refresh_from_db()
    registration, food, sign = (part(bundle_case, n) for n in (REGISTRATION, FOOD, SIGN))
    assert registration.state == BundleCaseItem.REFUSED
    assert "不符合登记条件" in registration.explanation
    for waiting in (food, sign):
        assert waiting.state == BundleCaseItem.HALTED
        assert REGISTRATION in waiting.explanation
        assert waiting.case.status == Case.WITHDRAWN
    assert bundle_case.status == BundleCase.ENDED_WITH_REFUSAL


def test_refusal_of_a_parallel_item_leaves_the_other_running(li_wei, follow):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    deregistration, funeral = part(bundle_case, "死亡注销户口"), part(bundle_case, "基本殡葬服务费用减免")
    follow(do_refuse_case, funeral.case, actor=staff("civil", "06"), reason="逝者不属于减免对象")
    deregistration.refresh_from_db()
    bundle_case.refresh_from_db()
    assert deregistration.state == BundleCaseItem.RUNNING
    assert bundle_case.status == BundleCase.IN_PROGRESS
    follow(grant, deregistration.case, staff("police", "03"))
    bundle_case.refresh_from_db()
    assert bundle_case.status == BundleCase.ENDED_WITH_REFUSAL


def test_following_twice_changes_nothing(li_wei, follow):
    from yiwang.bundles.actions import do_follow_case

    bundle_case = submit("marriage", li_wei, MARRIAGE_ANSWERS)
    follow(grant, part(bundle_case, "结婚登记").case, staff("civil", "06"))
    events = Event.objects.count()
    follow(do_follow_case, part(bundle_case, "结婚登记").case)
    follow(do_follow_case, part(bundle_case, "户口迁入").case)
    assert Event.objects.count() == events


def test_wrong_answers_are_refused_by_merged_field_and_nothing_is_written(li_wei, english_messages):
    cases = Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        submit(
            "after-death",
            li_wei,
            {**DEATH_ANSWERS, "deceased_id": "500103194503072316", "death_date": "soon"},
        )
    errors = refused.value.message_dict
    assert set(errors) >= {"deceased_id", "death_date"}
    assert Case.objects.count() == cases and BundleCase.objects.count() == 0


def test_missing_guide_answers_and_uploads_are_named(li_wei, english_messages):
    with pytest.raises(ValidationError) as refused:
        submit("restaurant", li_wei, RESTAURANT_ANSWERS, {"sign": "maybe"}, uploads={})
    errors = refused.value.message_dict
    assert "guide.for_whom" in errors and "guide.sign" in errors
    with pytest.raises(ValidationError) as refused:
        submit("restaurant", li_wei, RESTAURANT_ANSWERS, RESTAURANT_GUIDE, uploads={})
    assert "material:经营场所使用证明" in refused.value.message_dict
    assert BundleCase.objects.count() == 0


@pytest.mark.parametrize("answers", [None, [], "x", {"nonsense": "1"}])
def test_malformed_answers_are_refused(li_wei, answers):
    with pytest.raises(ValidationError):
        submit("after-death", li_wei, answers)
    assert BundleCase.objects.count() == 0


def test_a_person_cannot_apply_for_an_enterprise_bundle(li_wei, english_messages):
    with pytest.raises(ValidationError) as refused:
        submit("company", li_wei, {})
    assert "applicant" in refused.value.message_dict


def test_unpublished_bundle_is_closed(li_wei):
    from yiwang.bundles.actions import do_unpublish_bundle

    do_unpublish_bundle(bundle("after-death"), actor=None)
    with pytest.raises(ValidationError):
        submit("after-death", li_wei, DEATH_ANSWERS)


def test_the_periodic_job_catches_up_with_a_lost_follow_up(li_wei):
    from yiwang.bundles.tasks import catch_up

    bundle_case = submit("marriage", li_wei, MARRIAGE_ANSWERS)
    grant(part(bundle_case, "结婚登记").case, staff("civil", "06"))  # its follow-up task never ran
    assert part(bundle_case, "结婚登记").state == BundleCaseItem.RUNNING
    catch_up.call()
    assert part(bundle_case, "结婚登记").state == BundleCaseItem.DONE
    assert part(bundle_case, "户口迁入").case.status == Case.SUBMITTED
