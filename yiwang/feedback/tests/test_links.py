"""Signed rating links (SMS, QR code on the letter, hall tablet): no login, one case, one stage, once."""

import re

import pytest
from django.urls import reverse

from conftest import department, item_spec, login
from yiwang.cases.letters import render_letter
from yiwang.feedback.links import make_token, rating_path, read_token
from yiwang.feedback.models import Evaluation
from yiwang.feedback.stages import CASE, TICKET
from yiwang.notify.models import Notification


def test_a_token_reads_back_what_it_was_made_of(accepted_case):
    token = make_token(CASE, accepted_case.code, "accept", "6")
    assert read_token(token) == (CASE, accepted_case.code, "accept", "6")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: t.replace(t[1:5], "ffff", 1),  # another case's code under the same signature
        lambda t: t.split(":")[0],  # no signature
        lambda t: "",
        lambda t: "x" * 300,
        lambda t: t + "%00",
    ],
)
def test_a_tampered_token_reads_as_nothing(accepted_case, mangle):
    assert read_token(mangle(make_token(CASE, accepted_case.code, "accept", "6"))) is None


def test_an_sms_link_rates_without_logging_in_and_only_once(client, accepted_case, english):
    path = rating_path(CASE, accepted_case.code, "accept", "6")
    page = client.get(path)
    assert page.status_code == 200 and accepted_case.number in page.content.decode()
    response = client.post(path, {"level": "1", "comment": "排队太久。"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.channel_code, evaluation.channel, evaluation.rater) == ("6", "phone", None)
    assert evaluation.rater_masked_name == "李*" and evaluation.rectification.status == "visit"
    again = client.post(path, {"level": "5"})
    assert "rated already" in again.content.decode() and Evaluation.objects.count() == 1


def test_a_link_of_one_case_cannot_rate_another(client, accepted_case, li_wei, sole_trader_item, officer):
    from yiwang.cases.actions import do_accept_case
    from yiwang.cases.tests.staff_cases import submit

    other = do_accept_case(submit(sole_trader_item, li_wei), actor=officer)
    token = make_token(CASE, accepted_case.code, "accept", "6")
    forged = token.replace(accepted_case.code.hex, other.code.hex)
    assert (
        client.post(reverse("feedback:rate_link", kwargs={"token": forged}), {"level": "1"}).status_code
        == 404
    )
    assert not Evaluation.objects.exists()


def test_a_link_of_one_stage_does_not_rate_another(client, accepted_case, english):
    path = rating_path(CASE, accepted_case.code, "result", "6")  # genuine, but the result has not happened
    response = client.post(path, {"level": "5"})
    assert "not happened" in response.content.decode() and not Evaluation.objects.exists()


def test_a_ticket_link_names_a_ticket(client, answered_ticket):
    path = rating_path(TICKET, answered_ticket.code, "answer", "6")
    client.post(path, {"level": "4"})
    assert Evaluation.objects.get().ticket == answered_ticket


@pytest.mark.parametrize(
    "post",
    [
        {"level": "9"},
        {"level": ""},
        {"level": "4", "indicators": ["nonsense"]},
        {"level": "4", "comment": "x" * 501},
    ],
)
def test_a_malformed_rating_on_a_link_is_shown_back(client, accepted_case, post):
    response = client.post(rating_path(CASE, accepted_case.code, "accept", "3"), post)
    assert response.status_code == 200 and 'class="invalid-feedback' in response.content.decode()
    assert not Evaluation.objects.exists()


def test_unknown_tokens_are_404(client, db):
    for token in ("nonsense", "a:b", "c" + "0" * 40 + ":sig"):
        assert client.get(reverse("feedback:rate_link", kwargs={"token": token})).status_code == 404


def test_acceptance_and_result_send_invitations_with_links(finished_case):
    sms = list(
        Notification.objects.filter(
            medium=Notification.SMS, object_id=str(finished_case.pk), body__contains="/feedback/r/"
        )
    )
    assert len(sms) == 2
    for message in sms:
        token = re.search(r"/feedback/r/([^/\s]+)/", message.body).group(1)
        kind, code, stage, channel = read_token(token)
        assert (kind, code, channel) == (CASE, finished_case.code, "6")
    in_app = Notification.objects.filter(medium=Notification.IN_APP, link__startswith="/feedback/rate/case/")
    assert sorted(n.link.rsplit("/", 2)[1] for n in in_app) == ["accept", "result"]


def test_an_item_decided_on_the_spot_gets_one_invitation(li_wei, district, calendar, officer):
    from yiwang.cases.actions import do_accept_case
    from yiwang.cases.tests.staff_cases import submit
    from yiwang.services.actions import do_create_item, do_publish_version

    version = do_create_item(
        implementation_code="11500103MB0000004X017005",
        department=department("04"),
        spec=item_spec(promised_limit=0, handling_type="immediate"),
        actor=None,
    )
    item = do_publish_version(version, actor=None).item
    case = do_accept_case(submit(item, li_wei), actor=officer)
    links = Notification.objects.filter(
        medium=Notification.IN_APP, object_id=str(case.pk), link__startswith="/feedback/"
    ).values_list("link", flat=True)
    assert [link.rsplit("/", 2)[1] for link in links] == ["result"]


def test_an_answered_ticket_invites_its_caller(answered_ticket):
    assert Notification.objects.filter(
        medium=Notification.SMS, object_id=str(answered_ticket.pk), body__contains="/feedback/r/"
    ).exists()


def test_the_decision_letter_carries_the_rating_code(client, finished_case, li_wei):
    login(client, li_wei)
    response = client.get(reverse("cases:letter", kwargs={"code": finished_case.code}))
    assert response.status_code == 200
    assert response.content.count(b"/Subtype /Image") == 2  # the verification code and the rating code
    assert render_letter(finished_case, verify_url="https://x/").count(b"/Subtype /Image") == 1


def test_the_hall_tablet_opens_the_rating_form_for_the_case_at_the_counter(
    client, accepted_case, officer, other_officer, li_wei
):
    url = reverse("staff_feedback:tablet", kwargs={"code": accepted_case.code, "stage": "accept"})
    assert client.get(url).status_code == 302 and "/accounts/login/" in client.get(url)["Location"]
    for outsider in (other_officer, li_wei):
        login(client, outsider)
        assert client.get(url).status_code == 404
    login(client, officer)
    response = client.get(url)
    assert response.status_code == 302
    _kind, _code, stage, channel = read_token(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert (stage, channel) == ("accept", "4")
    assert (
        client.get(
            reverse("staff_feedback:tablet", kwargs={"code": accepted_case.code, "stage": "result"})
        ).status_code
        == 404
    )


def test_the_staff_case_page_offers_the_tablet_to_its_department_only(
    client, accepted_case, officer, supervisor
):
    url = reverse("staff_feedback:tablet", kwargs={"code": accepted_case.code, "stage": "accept"})
    login(client, officer)
    assert (
        url in client.get(reverse("staff_cases:case", kwargs={"code": accepted_case.code})).content.decode()
    )
    login(client, supervisor)  # watches every case, acts on none
    assert (
        url
        not in client.get(reverse("staff_cases:case", kwargs={"code": accepted_case.code})).content.decode()
    )
