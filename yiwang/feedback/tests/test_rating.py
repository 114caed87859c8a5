"""Rating rules: only the applicant, once per stage, only after the stage happened; a 差评 starts its loop."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from yiwang.core.channels import Channel
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.feedback.actions import do_rate
from yiwang.feedback.models import Evaluation, Rectification
from yiwang.feedback.stages import CASE, TICKET, Target
from yiwang.notify.models import Notification


def rate(case, stage, user, level=4, **extra):
    return do_rate(
        Target(CASE, case, stage),
        level=level,
        channel_code=extra.pop("channel_code", "1"),
        actor=user,
        **extra,
    )


def test_applicant_rates_the_acceptance_with_indicators_and_comment(accepted_case, li_wei):
    evaluation = rate(
        accepted_case,
        "accept",
        li_wei,
        level=5,
        indicators=["convenience", "efficiency"],
        comment="很快。",
        channel_code="2",
    )
    assert evaluation.level == 5 and not evaluation.is_bad
    assert evaluation.indicators == ["efficiency", "convenience"]  # in the indicators' order
    assert evaluation.channel == Channel.MOBILE and evaluation.channel_code == "2"
    assert evaluation.department.code == "500103-04" and evaluation.item == accepted_case.item
    assert evaluation.rater == li_wei and evaluation.rater_masked_name == "李*"
    assert not Rectification.objects.exists()
    event = Event.objects.get(code=EventCode.EVALUATION_RECORDED)
    assert event.payload["department"] == evaluation.department_id
    assert event.payload["item"] == accepted_case.item.implementation_code
    assert (event.payload["level"], event.payload["channel_code"], event.payload["stage"]) == (
        5,
        "2",
        "accept",
    )


def test_another_citizen_cannot_rate_li_weis_case(accepted_case, wang_fang, officer):
    for outsider in (wang_fang, officer, None):
        with pytest.raises(PermissionDenied):
            rate(accepted_case, "accept", outsider)
    assert not Evaluation.objects.exists()


def test_a_stage_is_rated_once(accepted_case, li_wei, english_messages):
    rate(accepted_case, "accept", li_wei)
    with pytest.raises(ValidationError, match="rated already"):
        rate(accepted_case, "accept", li_wei, level=1)
    assert Evaluation.objects.count() == 1 and not Rectification.objects.exists()


def test_the_database_refuses_a_second_rating_of_a_stage(accepted_case, li_wei):
    first = rate(accepted_case, "accept", li_wei)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            case=accepted_case,
            stage="accept",
            department=first.department,
            level=3,
            mode=first.mode,
            channel_code="1",
            channel=Channel.WEB,
        )


def test_a_stage_cannot_be_rated_before_it_happened(submitted_case, accepted_case, li_wei, english_messages):
    with pytest.raises(ValidationError, match="not happened"):
        rate(accepted_case, "result", li_wei)
    assert not Evaluation.objects.exists()


def test_a_submitted_case_has_no_stage_to_rate(submitted_case, li_wei, calendar, english_messages):
    with pytest.raises(ValidationError, match="not happened"):
        rate(submitted_case, "accept", li_wei)


def test_a_refusal_is_rated_as_the_acceptance_stage(submitted_case, officer, li_wei, calendar):
    from yiwang.cases.actions import do_refuse_case

    do_refuse_case(submitted_case, actor=officer, reason="经营场所不在本区。")
    assert rate(submitted_case, "accept", li_wei, level=2).is_bad


@pytest.mark.parametrize(
    "bad",
    [
        {"level": 0},
        {"level": 6},
        {"level": "x"},
        {"level": None},
        {"channel_code": "7"},
        {"channel_code": ""},
        {"indicators": ["attitude"]},  # a counter indicator on an online case
        {"indicators": "efficiency"},
        {"indicators": [1]},
        {"comment": "长" * 501},
        {"comment": 5},
        {"comment": "a\x00b"},
    ],
)
def test_malformed_ratings_are_refused_and_change_nothing(accepted_case, li_wei, bad):
    values = {"level": 4, "channel_code": "1", **bad}
    with pytest.raises(ValidationError):
        do_rate(Target(CASE, accepted_case, "accept"), actor=li_wei, **values)
    assert (
        not Evaluation.objects.exists()
        and not Event.objects.filter(code=EventCode.EVALUATION_RECORDED).exists()
    )


def test_a_bad_review_starts_its_loop_and_alerts_the_department(bad_review, officer, head, other_officer):
    loop = bad_review.rectification
    assert loop.status == Rectification.VISIT and loop.department == bad_review.department
    alerted = set(
        Notification.objects.filter(
            object_type="feedback.evaluation", medium=Notification.IN_APP
        ).values_list("recipient__username", flat=True)
    )
    assert alerted == {"officer", "head"}
    assert Event.objects.get(code=EventCode.EVALUATION_RECORDED).payload["bad"] is True


def test_counter_cases_offer_the_counter_indicators(submitted_case, li_wei, officer, calendar):
    from yiwang.cases.actions import do_accept_case

    submitted_case.channel = Channel.COUNTER
    submitted_case.save(update_fields=["channel"])
    do_accept_case(submitted_case, actor=officer)
    evaluation = rate(submitted_case, "accept", li_wei, indicators=["attitude", "skill"], channel_code="4")
    assert evaluation.mode == "counter" and evaluation.indicators == ["skill", "attitude"]
    assert evaluation.channel == Channel.COUNTER


def test_the_caller_rates_the_answer_to_a_ticket(answered_ticket, li_wei, wang_fang):
    target = Target(TICKET, answered_ticket, "answer")
    with pytest.raises(PermissionDenied):
        do_rate(target, level=5, channel_code="1", actor=wang_fang)
    evaluation = do_rate(target, level=2, channel_code="1", actor=li_wei, comment="答复敷衍。")
    assert evaluation.department.code == "500103-04" and evaluation.item_code == answered_ticket.category.code
    assert evaluation.rectification.status == Rectification.VISIT


def test_a_ticket_not_answered_yet_cannot_be_rated(li_wei, district, calendar, english_messages):
    from yiwang.hotline.actions import do_create_ticket

    ticket = do_create_ticket(kind="help", text="路灯坏了，请修理。", caller_user=li_wei, channel="web")
    with pytest.raises(ValidationError, match="not happened"):
        do_rate(Target(TICKET, ticket, "answer"), level=5, channel_code="1", actor=li_wei)
