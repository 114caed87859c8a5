"""Staff pages: the department's 差评 worklist and loop forms, the supervisor's appeal queue; outsiders
get the login page, 403 or 404 and change nothing."""

import pytest
from django.urls import reverse

from conftest import login
from yiwang.feedback import actions
from yiwang.feedback.models import Rectification


def detail_url(loop):
    return reverse("staff_feedback:detail", kwargs={"code": loop.code})


def act_url(loop, act):
    return reverse("staff_feedback:act", kwargs={"code": loop.code, "act": act})


def test_the_officer_runs_the_loop_from_the_pages(client, loop, officer, english):
    login(client, officer)
    worklist = client.get(reverse("staff_feedback:worklist")).content.decode()
    assert loop.evaluation.number in worklist and detail_url(loop) in worklist
    assert "Record the return visit" in client.get(detail_url(loop)).content.decode()
    steps = [
        ("visit", {"visit-note": "电话回访。"}),
        ("verify", {"verify-true": "yes", "verify-note": "属实。"}),
        ("deadline", {"deadline-note": "限期整改。"}),
        ("fixed", {"fixed-note": "已整改完毕。"}),
    ]
    for act, data in steps:
        response = client.post(act_url(loop, act), data)
        assert response.status_code == 302, (act, response.content.decode()[:2000])
    loop.refresh_from_db()
    assert loop.status == Rectification.DONE and loop.outcome == Rectification.FIXED
    closed = client.get(reverse("staff_feedback:worklist") + "?tab=done").content.decode()
    assert loop.evaluation.number in closed


def test_a_step_in_the_wrong_state_or_without_a_note_is_shown_back(client, loop, officer, english):
    login(client, officer)
    response = client.post(act_url(loop, "visit"), {"visit-note": ""})
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    response = client.post(act_url(loop, "fixed"), {"fixed-note": "x"})
    assert response.status_code == 422 and "Only a review being fixed" in response.content.decode()
    response = client.post(act_url(loop, "verify"), {"verify-true": "maybe", "verify-note": "x"})
    assert response.status_code == 422
    assert Rectification.objects.get(pk=loop.pk).status == Rectification.VISIT


def test_unknown_steps_and_codes_are_404(client, loop, officer):
    login(client, officer)
    assert client.post(act_url(loop, "delete"), {}).status_code == 404
    for code in ("nope", "00000000-0000-0000-0000-000000000000"):
        assert client.get(reverse("staff_feedback:detail", kwargs={"code": code})).status_code == 404
    assert client.get(act_url(loop, "visit")).status_code == 405


def test_the_supervisor_decides_appeals_from_the_queue(client, loop, head, supervisor, english):
    actions.do_appeal(loop, kind="malicious", reason="恶意。", actor=head)
    login(client, supervisor)
    queue = client.get(reverse("staff_feedback:appeals")).content.decode()
    assert detail_url(loop) in queue
    assert client.get(reverse("staff_feedback:worklist"))["Location"] == reverse("staff_feedback:appeals")
    assert client.post(act_url(loop, "visit"), {"visit-note": "x"}).status_code == 403  # not theirs to run
    response = client.post(
        act_url(loop, "decide"), {"decide-decision": "reject", "decide-note": "证据不足。"}
    )
    assert response.status_code == 302
    assert Rectification.objects.get(pk=loop.pk).status == Rectification.VISIT


def test_anonymous_visitors_are_sent_to_log_in(client, loop):
    for url in (reverse("staff_feedback:worklist"), reverse("staff_feedback:appeals"), detail_url(loop)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(act_url(loop, "visit"), {"visit-note": "x"}).status_code == 302
    assert Rectification.objects.get(pk=loop.pk).status == Rectification.VISIT


@pytest.mark.parametrize("who", ["li_wei", "wang_fang", "newcomer"])
def test_citizens_and_staff_without_a_role_get_403(client, loop, who, request):
    login(client, request.getfixturevalue(who))
    for url in (reverse("staff_feedback:worklist"), reverse("staff_feedback:appeals"), detail_url(loop)):
        assert client.get(url).status_code == 403
    assert client.post(act_url(loop, "visit"), {"visit-note": "x"}).status_code == 403


def test_another_departments_officer_sees_nothing(client, loop, other_officer):
    login(client, other_officer)
    assert loop.evaluation.number not in client.get(reverse("staff_feedback:worklist")).content.decode()
    assert client.get(detail_url(loop)).status_code == 404
    assert client.post(act_url(loop, "visit"), {"visit-note": "x"}).status_code == 404
    assert client.get(reverse("staff_feedback:appeals")).status_code == 403
    assert Rectification.objects.get(pk=loop.pk).status == Rectification.VISIT


def test_an_officer_cannot_open_the_appeal_queue(client, loop, officer):
    login(client, officer)
    assert client.get(reverse("staff_feedback:appeals")).status_code == 403


def test_the_worklist_reads_in_few_queries(client, loop, officer, django_assert_max_num_queries):
    login(client, officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("staff_feedback:worklist"))
