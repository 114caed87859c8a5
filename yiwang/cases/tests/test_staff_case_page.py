"""The case page: personal data masked until asked for (and the look recorded), materials served only
to the department's staff through a checked view, the timeline, the clock, and the act forms the
user may use."""

from django.urls import reverse

from conftest import login
from yiwang.cases.actions import do_accept_case
from yiwang.cases.models import CaseMaterial
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.core.pii import mask_citizen_id, mask_phone


def page(case):
    return reverse("staff_cases:case", args=[case.code])


def test_personal_data_is_masked_until_shown_and_showing_is_recorded(client, submitted_case, officer, li_wei):
    login(client, officer)
    id_number, phone = li_wei.person.id_number, li_wei.person.phone
    body = client.get(page(submitted_case)).content.decode()
    assert id_number not in body and phone not in body and "民族路 88 号" not in body
    assert mask_citizen_id(id_number) in body and mask_phone(phone) in body
    assert "李*" in body and "个体工商户设立登记" in body

    response = client.post(reverse("staff_cases:reveal", args=[submitted_case.code]))
    body = response.content.decode()
    assert id_number in body and phone in body and "重庆市渝中区民族路 88 号" in body
    viewed = Event.objects.get(code=EventCode.CASE_DATA_VIEWED)
    assert viewed.actor == officer and viewed.object_id == str(submitted_case.pk)


def test_reveal_with_htmx_swaps_the_section_only(client, submitted_case, officer, li_wei):
    login(client, officer)
    response = client.post(
        reverse("staff_cases:reveal", args=[submitted_case.code]), headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content and li_wei.person.id_number.encode() in response.content


def test_reveal_needs_a_post(client, submitted_case, officer):
    login(client, officer)
    assert client.get(reverse("staff_cases:reveal", args=[submitted_case.code])).status_code == 405
    assert not Event.objects.filter(code=EventCode.CASE_DATA_VIEWED).exists()


def test_materials_download_preview_and_placeholder(client, submitted_case, officer):
    login(client, officer)
    body = client.get(page(submitted_case)).content.decode()
    assert "lease.pdf" in body and "待共享获取" in body  # 经营者身份证明 comes from the certificate store
    lease = submitted_case.materials.get(status=CaseMaterial.UPLOADED)
    url = reverse("staff_cases:material", args=[submitted_case.code, lease.code])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url, {"inline": "1"})["Content-Disposition"].startswith("inline")
    awaiting = submitted_case.materials.get(status=CaseMaterial.AWAITING)
    for code in (awaiting.code, "nonsense"):
        assert (
            client.get(reverse("staff_cases:material", args=[submitted_case.code, code])).status_code == 404
        )
    assert not lease.file.url.startswith("/staff/")  # the storage URL exists but nothing serves it
    assert client.get(lease.file.url).status_code == 404


def test_outsiders_get_404_on_the_page_and_the_files(
    client, submitted_case, other_officer, wang_fang, li_wei
):
    lease = submitted_case.materials.get(status=CaseMaterial.UPLOADED)
    urls = [page(submitted_case), reverse("staff_cases:material", args=[submitted_case.code, lease.code])]
    for user in (other_officer, wang_fang, li_wei):  # even the applicant: their page is in the portal
        client.logout()
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("staff_cases:reveal", args=[submitted_case.code])).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302
    assert not Event.objects.filter(code=EventCode.CASE_DATA_VIEWED).exists()


def test_odd_codes_are_404(client, officer):
    login(client, officer)
    for code in ("x", "0" * 32, "../../etc/passwd", "%00"):
        assert client.get(f"/staff/cases/{code}/").status_code == 404


def test_forms_follow_guards_and_role(client, submitted_case, officer, head, supervisor, calendar):
    login(client, officer)
    acts = client.get(page(submitted_case)).context["acts"]
    assert set(acts) == {"accept", "refuse", "supplement"}
    do_accept_case(submitted_case, actor=officer)
    acts = client.get(page(submitted_case)).context["acts"]
    assert set(acts) == {"supplement", "complete"} and "decision" not in acts["complete"].fields
    client.logout()
    login(client, supervisor)
    supervisor_cases = client.get(page(submitted_case))
    assert supervisor_cases.status_code == 404  # the supervisor's role is in another department


def test_timeline_and_clock(client, submitted_case, officer, calendar):
    do_accept_case(submitted_case, actor=officer, opinion="材料齐全，予以受理")
    login(client, officer)
    response = client.get(page(submitted_case))
    body = response.content.decode()
    assert "材料齐全，予以受理" in body and "审查" in body
    assert response.context["signal"] == "green" and response.context["remaining"] is not None
    assert submitted_case.clock.due_date.isoformat() in body
