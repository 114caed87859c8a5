"""Rating from the portal: the box on the applicant's case and ticket pages, the logged-in rating page."""

from django.urls import reverse

from conftest import login
from yiwang.feedback.models import Evaluation


def rate_url(kind, code, stage):
    return reverse("feedback:rate", kwargs={"kind": kind, "code": code, "stage": stage})


def test_the_case_page_offers_the_stages_met(client, finished_case, li_wei):
    login(client, li_wei)
    page = client.get(reverse("cases:detail", kwargs={"code": finished_case.code})).content.decode()
    for stage in ("accept", "result"):
        assert rate_url("case", finished_case.code, stage) in page


def test_the_applicant_rates_from_a_phone_browser(client, accepted_case, li_wei):
    login(client, li_wei)
    url = rate_url("case", accepted_case.code, "accept")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"level": "4", "indicators": ["efficiency", "usability"], "comment": "不错"},
        headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"},
    )
    evaluation = Evaluation.objects.get()
    assert (evaluation.channel_code, evaluation.rater, evaluation.indicators) == (
        "2",
        li_wei,
        ["efficiency", "usability"],
    )
    page = client.get(reverse("cases:detail", kwargs={"code": accepted_case.code})).content.decode()
    assert rate_url("case", accepted_case.code, "accept") not in page  # rated: no link any more


def test_the_ticket_page_offers_its_answer(client, answered_ticket, li_wei):
    login(client, li_wei)
    page = client.get(reverse("hotline:mine_detail", kwargs={"code": answered_ticket.code})).content.decode()
    url = rate_url("ticket", answered_ticket.code, "answer")
    assert url in page
    client.post(url, {"level": "5"})
    assert Evaluation.objects.get().channel_code == "1"


def test_outsiders_cannot_open_the_rating_page(client, accepted_case, answered_ticket, wang_fang, officer):
    urls = [
        rate_url("case", accepted_case.code, "accept"),
        rate_url("ticket", answered_ticket.code, "answer"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for outsider in (wang_fang, officer):
        login(client, outsider)
        for url in urls:
            assert client.get(url).status_code == 404
            assert client.post(url, {"level": "1"}).status_code == 404
    assert not Evaluation.objects.exists()


def test_malformed_rating_addresses_are_404(client, accepted_case, li_wei):
    login(client, li_wei)
    for kind, code, stage in (
        ("case", "nope", "accept"),
        ("case", accepted_case.code, "answer"),
        ("thing", accepted_case.code, "accept"),
        ("ticket", accepted_case.code, "answer"),
    ):
        assert client.get(rate_url(kind, code, stage)).status_code == 404


def test_staff_see_no_rating_box_on_a_case(client, finished_case, officer):
    login(client, officer)
    page = client.get(reverse("staff_cases:case", kwargs={"code": finished_case.code})).content.decode()
    assert "/feedback/rate/" not in page
