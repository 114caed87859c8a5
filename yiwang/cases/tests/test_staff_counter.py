"""The counter (一窗受理): a window clerk of any department takes in a walk-in application for any
department's item — identifies the applicant, fills the item's form, uploads the scans, submits on
the counter channel — and prints a receipt; the case goes to the responsible department."""

import re

import pytest
from django.urls import reverse

from conftest import login, sole_trader_answers, upload
from yiwang.accounts.actions import citizen_id_index
from yiwang.accounts.models import Person
from yiwang.cases.models import Case
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_citizen_id
from yiwang.core.models import Event
from yiwang.notify.models import Notification

WALK_IN_ID = make_citizen_id("50010319700101123")


def applicant_url(item):
    return reverse("staff_cases:counter_applicant", args=[item.code])


def apply_url(item):
    return reverse("staff_cases:counter_apply", args=[item.code])


def application(client, item, **extra):
    """The apply page's form as drawn (with its idempotency key), filled in with the scans."""
    form = client.get(apply_url(item)).context["form"]
    lease = item.current.materials.get(source="applicant")
    data = {
        "idempotency_key": form["idempotency_key"].value(),
        **sole_trader_answers(),
        f"material-{lease.pk}": upload("lease-scan.pdf"),
        **extra,
    }
    return data


def test_clerk_finds_any_departments_item(client, clerk, sole_trader_item):
    login(client, clerk)
    response = client.get(reverse("staff_cases:counter"), {"q": "个体"})
    assert response.status_code == 200 and list(response.context["items"]) == [sole_trader_item]
    by_alias = client.get(reverse("staff_cases:counter"), {"q": "办营业执照"})
    assert list(by_alias.context["items"]) == [sole_trader_item]
    assert client.get(reverse("staff_cases:counter"), {"q": "x" * 500}).status_code == 200


def test_walk_in_person_recorded_and_application_submitted(client, clerk, officer, sole_trader_item):
    login(client, clerk)
    response = client.post(applicant_url(sole_trader_item), {"kind": "person", "id_number": WALK_IN_ID})
    assert response.status_code == 200 and response.context["unknown_person"]
    assert response.context["form"].errors["name"]
    assert not Person.objects.filter(id_number_index=citizen_id_index(WALK_IN_ID)).exists()

    response = client.post(
        applicant_url(sole_trader_item),
        {"kind": "person", "id_number": WALK_IN_ID, "name": "赵大", "phone": "13900000009"},
    )
    assert response.status_code == 302 and response["Location"] == apply_url(sole_trader_item)
    person = Person.objects.get(id_number_index=citizen_id_index(WALK_IN_ID))
    assert person.user is None and person.name == "赵大"

    form = client.get(apply_url(sole_trader_item)).context["form"]
    assert form["operator_name"].value() == "赵大" and form["operator_id"].value() == WALK_IN_ID  # prefilled
    response = client.post(apply_url(sole_trader_item), application(client, sole_trader_item))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff_cases:counter_receipt", args=[case.code]
    )
    assert case.status == Case.SUBMITTED and case.channel == Channel.COUNTER
    assert case.owner is None and case.submitted_by == clerk and case.department.code == "500103-04"
    assert case.applicant_id == person.pk and case.data["operator_id"] == WALK_IN_ID
    assert Event.objects.filter(code=EventCode.CASE_ROUTED, object_id=str(case.pk), actor=clerk).exists()
    sms = Notification.objects.get(medium=Notification.SMS)
    assert sms.recipient is None and sms.address == "13900000009" and case.number in sms.body

    receipt = client.get(response["Location"]).content.decode()
    assert case.number in receipt and "个体工商户设立登记" in receipt and "lease-scan.pdf" in receipt
    assert "<svg" in receipt and f"/cases/{case.code}/" in receipt
    assert "赵*" in receipt and WALK_IN_ID not in receipt

    client.logout()
    login(client, officer)
    listed = client.get(reverse("staff_cases:worklist"), {"tab": "accept"})
    assert [row["case"] for row in listed.context["page"].rows] == [case]


def test_existing_citizen_found_by_id_number_follows_the_case_online(client, clerk, li_wei, sole_trader_item):
    login(client, clerk)
    response = client.post(
        applicant_url(sole_trader_item), {"kind": "person", "id_number": li_wei.person.id_number.lower()}
    )
    assert response.status_code == 302
    assert client.get(apply_url(sole_trader_item)).context["subject"]["name"] == "李*"
    client.post(apply_url(sole_trader_item), application(client, sole_trader_item))
    case = Case.objects.get()
    assert case.owner == li_wei and case.applicant_id == li_wei.person.pk and case.channel == Channel.COUNTER
    assert Notification.objects.filter(recipient=li_wei, medium=Notification.IN_APP).exists()
    assert Person.objects.count() == 1


def test_a_double_submit_makes_one_case(client, clerk, li_wei, sole_trader_item):
    login(client, clerk)
    client.post(applicant_url(sole_trader_item), {"kind": "person", "id_number": li_wei.person.id_number})
    data = application(client, sole_trader_item)
    first = client.post(apply_url(sole_trader_item), data)
    client.post(applicant_url(sole_trader_item), {"kind": "person", "id_number": li_wei.person.id_number})
    data[next(k for k in data if k.startswith("material-"))] = upload("lease-scan.pdf")
    second = client.post(apply_url(sole_trader_item), data)
    assert Case.objects.count() == 1 and first["Location"] == second["Location"]


def test_wrong_answers_and_missing_scans_are_shown_and_nothing_is_created(
    client, clerk, li_wei, sole_trader_item
):
    login(client, clerk)
    client.post(applicant_url(sole_trader_item), {"kind": "person", "id_number": li_wei.person.id_number})
    data = application(client, sole_trader_item, capital="很多", business_scope="放高利贷")
    response = client.post(apply_url(sole_trader_item), data)
    form = response.context["form"]
    assert response.status_code == 200 and form.errors["capital"] and form.errors["business_scope"]
    data = application(client, sole_trader_item)
    data.pop(next(k for k in data if k.startswith("material-")))
    assert client.post(apply_url(sole_trader_item), data).context["form"].errors
    fake = application(client, sole_trader_item)
    fake[next(k for k in fake if k.startswith("material-"))] = upload("lease.pdf", b"MZ not a pdf")
    response = client.post(apply_url(sole_trader_item), fake)
    assert "PDF" in str(response.context["form"].non_field_errors())
    assert Case.objects.count() == 0


def test_bad_identifiers_and_unknown_enterprises_are_refused(client, clerk, sole_trader_item):
    login(client, clerk)
    for data in (
        {"kind": "person", "id_number": "123"},
        {"kind": "person"},
        {"kind": "person", "id_number": WALK_IN_ID, "name": "<b>", "phone": "1"},
        {"kind": "enterprise", "credit_code": "91110000600037341L"},
        {"kind": "alien"},
    ):
        response = client.post(applicant_url(sole_trader_item), data)
        assert response.status_code == 200 and response.context["form"].errors, data
    assert Person.objects.count() == 0


def test_the_apply_page_needs_an_applicant_first(client, clerk, sole_trader_item):
    login(client, clerk)
    assert client.get(apply_url(sole_trader_item))["Location"] == applicant_url(sole_trader_item)


@pytest.mark.parametrize("who", ["officer", "li_wei", "supervisor"])
def test_only_window_clerks_use_the_counter(client, request, who, sole_trader_item):
    login(client, request.getfixturevalue(who))
    for url in (reverse("staff_cases:counter"), applicant_url(sole_trader_item), apply_url(sole_trader_item)):
        assert client.get(url).status_code == 404
    response = client.post(applicant_url(sole_trader_item), {"kind": "person", "id_number": WALK_IN_ID})
    assert response.status_code == 404


def test_receipts_are_only_for_the_clerk_who_took_the_case_in(client, clerk, submitted_case, officer):
    login(client, clerk)
    assert client.get(reverse("staff_cases:counter_receipt", args=[submitted_case.code])).status_code == 404
    client.logout()
    login(client, officer)
    assert client.get(reverse("staff_cases:counter_receipt", args=[submitted_case.code])).status_code == 404


def test_unknown_items_are_404(client, clerk):
    login(client, clerk)
    assert client.get(reverse("staff_cases:counter_applicant", args=["nope"])).status_code == 404
    assert client.get("/staff/cases/counter/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert re.match(r"^/staff/cases/counter/$", reverse("staff_cases:counter"))
