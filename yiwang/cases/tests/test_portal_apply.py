"""/cases/apply/<item>/ and the wizard: start, fill in, save and resume, upload, submit."""

import pytest

from conftest import item_spec, sole_trader_answers, upload
from yiwang.cases.actions import do_start_case
from yiwang.cases.models import Case, CaseMaterial
from yiwang.cases.tests.portal_world import enterprise_of, published_item
from yiwang.core.events import EventCode
from yiwang.core.models import Event


@pytest.fixture
def start_url(sole_trader_item):
    return f"/cases/apply/{sole_trader_item.code}/"


def start(client, url):
    page = client.get(url)
    key = page.context["form"]["idempotency_key"].value()
    return client.post(url, {"applicant": "", "idempotency_key": key})


def form_post(**answers):
    data = {
        "go": "save",
        "phone": "13800000001",
        **sole_trader_answers(),
    }  # the browser sends the prefilled phone
    data.update(answers)
    return data


def test_visitor_is_sent_to_login(client, start_url):
    response = client.get(start_url)

    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/login/?next=/cases/apply/"
    )


def test_start_page_shows_what_comes_from_government_records(client, li_wei, login_as, start_url):
    login_as(li_wei)

    page = client.get(start_url).content.decode()

    assert "经营者姓名" in page and "经营者身份证明" in page
    assert "来自政府数据" in page and "部门共享获取" in page


def test_starting_makes_one_draft_prefilled_and_opens_the_form(client, li_wei, login_as, start_url):
    login_as(li_wei)

    response = start(client, start_url)

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.code}/form/"
    assert case.status == Case.DRAFT and case.owner == li_wei and case.channel == "web"
    page = client.get(response["Location"]).content.decode()
    assert li_wei.person.masked_id_number in page and li_wei.person.id_number not in page
    assert 'name="operator_id"' in page and "disabled" in page


def test_a_double_click_on_start_makes_one_draft(client, li_wei, login_as, start_url):
    login_as(li_wei)
    key = client.get(start_url).context["form"]["idempotency_key"].value()

    first = client.post(start_url, {"applicant": "", "idempotency_key": key})
    second = client.post(start_url, {"applicant": "", "idempotency_key": key})

    assert Case.objects.count() == 1 and first["Location"] == second["Location"]


def test_an_item_for_enterprises_only_asks_the_citizen_to_add_one(client, li_wei, login_as, district):
    item = published_item(service_objects=["2"])
    login_as(li_wei)

    page = client.get(f"/cases/apply/{item.code}/")
    refused = client.post(f"/cases/apply/{item.code}/", {"applicant": "", "idempotency_key": "k" * 20})

    assert page.status_code == 200 and page.context["choices"] == []
    assert refused.status_code == 200 and not Case.objects.exists()


def test_an_agent_applies_for_the_enterprise_they_act_for(client, li_wei, login_as, district):
    enterprise = enterprise_of(li_wei)
    item = published_item(service_objects=["1", "2"])
    login_as(li_wei)
    url = f"/cases/apply/{item.code}/"
    key = client.get(url).context["form"]["idempotency_key"].value()

    client.post(url, {"applicant": str(enterprise.code), "idempotency_key": key})

    assert Case.objects.get().applicant.pk == enterprise.pk


def test_someone_elses_enterprise_cannot_be_chosen(client, li_wei, wang_fang, login_as, district):
    theirs = enterprise_of(wang_fang, 2)
    item = published_item(service_objects=["1", "2"])
    login_as(li_wei)
    url = f"/cases/apply/{item.code}/"
    key = client.get(url).context["form"]["idempotency_key"].value()

    response = client.post(url, {"applicant": str(theirs.code), "idempotency_key": key})

    assert response.status_code == 200 and not Case.objects.exists()


@pytest.mark.parametrize("code", ["nope", "00000000-0000-0000-0000-000000000000", "%00", "1" * 300])
def test_an_unknown_item_is_404(client, li_wei, login_as, code):
    login_as(li_wei)

    assert client.get(f"/cases/apply/{code}/").status_code == 404


@pytest.fixture
def draft(li_wei, sole_trader_item):
    return do_start_case(sole_trader_item, applicant=li_wei.person, owner=li_wei, actor=li_wei)


def test_saving_a_draft_keeps_the_answers_and_resuming_shows_them(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post())

    draft.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/cases/{draft.code}/form/"
    assert draft.data["address"] == "重庆市渝中区民族路 88 号" and draft.data["capital"] == "5"
    assert draft.data["operator_id"] == li_wei.person.id_number  # the locked field kept its value
    page = client.get(f"/cases/{draft.code}/").url
    assert page == f"/cases/{draft.code}/form/"  # the case page of a draft resumes the wizard
    assert "重庆市渝中区民族路 88 号" in client.get(page).content.decode()


def test_a_locked_identity_cannot_be_typed_over(client, li_wei, login_as, draft):
    login_as(li_wei)

    client.post(
        f"/cases/{draft.code}/form/", form_post(operator_id="11010519491231002X", operator_name="张三")
    )

    draft.refresh_from_db()
    assert draft.data["operator_id"] == li_wei.person.id_number and draft.data["operator_name"] == "李伟"


def test_a_wrong_answer_is_shown_on_its_field_and_the_right_ones_are_saved(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(capital="many", phone="12345"))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"capital", "phone"}
    page = response.content.decode()
    assert 'value="many"' in page and 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert draft.data["address"] == "重庆市渝中区民族路 88 号" and "capital" not in draft.data


def test_errors_are_translated(client, li_wei, login_as, draft, english):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(capital="many"))

    assert response.context["form"].errors["capital"] == ["Enter a number."]


def test_chinese_errors_by_default(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(capital="many"))

    assert response.context["form"].errors["capital"] != ["Enter a number."]


def test_clearing_an_optional_answer_clears_it(client, li_wei, login_as, draft):
    login_as(li_wei)
    client.post(f"/cases/{draft.code}/form/", form_post())

    client.post(f"/cases/{draft.code}/form/", form_post(trade_name=""))

    draft.refresh_from_db()
    assert "trade_name" not in draft.data


def test_next_goes_to_the_materials_step_listing_sources(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(go="next"))
    page = client.get(response["Location"])

    assert response["Location"] == f"/cases/{draft.code}/materials/"
    text = page.content.decode()
    assert "经营场所使用证明" in text and "无需提交，由部门共享获取" in text
    assert "20 MB" in text


def test_upload_a_material_then_remove_it(client, li_wei, login_as, draft):
    login_as(li_wei)
    lease = draft.version.materials.get(source="applicant")

    response = client.post(f"/cases/{draft.code}/materials/upload/", {"material": lease.pk, "file": upload()})

    row = CaseMaterial.objects.get()
    assert response.status_code == 302 and row.material == lease and row.original_name == "lease.pdf"
    assert "lease.pdf" in client.get(f"/cases/{draft.code}/materials/").content.decode()

    client.post(f"/cases/{draft.code}/files/{row.code}/remove/")
    assert not CaseMaterial.objects.exists()


def test_a_bad_upload_is_refused_with_a_message(client, li_wei, login_as, draft, english):
    login_as(li_wei)
    lease = draft.version.materials.get(source="applicant")

    response = client.post(
        f"/cases/{draft.code}/materials/upload/",
        {"material": lease.pk, "file": upload("x.pdf", b"MZ not a pdf")},
        follow=True,
    )

    assert not CaseMaterial.objects.exists()
    assert "Upload a PDF, JPEG, PNG or OFD file." in response.content.decode()


@pytest.mark.parametrize("material", ["", "abc", "-1", "99999999999999", "0"])
def test_odd_material_ids_change_nothing(client, li_wei, login_as, draft, material):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/materials/upload/", {"material": material, "file": upload()})

    assert response.status_code == 302 and not CaseMaterial.objects.exists()


def test_a_fetched_material_cannot_be_uploaded(client, li_wei, login_as, draft):
    login_as(li_wei)
    fetched = draft.version.materials.get(source="certificate")

    client.post(f"/cases/{draft.code}/materials/upload/", {"material": fetched.pk, "file": upload()})

    assert not CaseMaterial.objects.exists()


def test_review_and_submit(client, li_wei, login_as, draft):
    login_as(li_wei)
    client.post(f"/cases/{draft.code}/form/", form_post())
    lease = draft.version.materials.get(source="applicant")
    client.post(f"/cases/{draft.code}/materials/upload/", {"material": lease.pk, "file": upload()})

    review = client.get(f"/cases/{draft.code}/review/")
    response = client.post(f"/cases/{draft.code}/review/")

    assert "李记小面" in review.content.decode() and li_wei.person.id_number not in review.content.decode()
    draft.refresh_from_db()
    assert response["Location"] == f"/cases/{draft.code}/" and draft.status == Case.SUBMITTED
    assert Event.objects.filter(code=EventCode.CASE_SUBMITTED).count() == 1
    again = client.post(f"/cases/{draft.code}/review/")  # a second click
    assert again.status_code == 302 and Event.objects.filter(code=EventCode.CASE_SUBMITTED).count() == 1
    assert client.get(f"/cases/{draft.code}/form/")["Location"] == f"/cases/{draft.code}/"


def test_submitting_with_missing_answers_shows_them_on_the_form(client, li_wei, login_as, draft, english):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/review/")

    assert response.status_code == 200
    assert {"business_scope", "address", "capital"} <= set(response.context["form"].errors)
    assert response.context["materials_error"]
    assert "The application was not submitted." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Case.DRAFT


def test_submitting_without_materials_shows_the_materials_step(client, li_wei, login_as, draft, english):
    login_as(li_wei)
    client.post(f"/cases/{draft.code}/form/", form_post())

    response = client.post(f"/cases/{draft.code}/review/")

    assert response.status_code == 200 and "经营场所使用证明" in response.context["materials_error"][0]
    assert response.templates[0].name == "cases/wizard_materials.html"


def test_a_file_field_takes_an_upload(client, li_wei, login_as, district):
    fields = item_spec()["form_fields"] + [
        {"key": "photo", "label": "门头照片", "kind": "file", "required": False}
    ]
    item = published_item(form_fields=fields)
    case = do_start_case(item, applicant=li_wei.person, owner=li_wei, actor=li_wei)
    login_as(li_wei)

    client.post(f"/cases/{case.code}/form/", form_post(photo=upload("shop.pdf")))
    client.post(f"/cases/{case.code}/form/", form_post(photo=upload("shop2.pdf")))

    case.refresh_from_db()
    row = CaseMaterial.objects.get()  # the second replaced the first
    assert case.data["photo"] == str(row.code) and row.original_name == "shop2.pdf"
    assert "shop2.pdf" in client.get(f"/cases/{case.code}/form/").content.decode()


@pytest.mark.parametrize(
    "field,value",
    [
        ("capital", "1e999"),
        ("capital", "NaN"),
        ("opening_date", "2026-02-30"),
        ("opening_date", "9999-99-99"),
        ("business_scope", "走私"),
        ("address", "x" * 5000),
        ("trade_name", "a\x00b"),
        ("phone", "١٣٨٠٠٠٠٠٠٠١"),
    ],
)
def test_odd_answers_never_500(client, li_wei, login_as, draft, field, value):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(**{field: value}))

    assert response.status_code == 200 and field in response.context["form"].errors


def test_unknown_fields_posted_are_ignored(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(evil="1", status="finished"))

    draft.refresh_from_db()
    assert response.status_code == 302 and "evil" not in draft.data and draft.status == Case.DRAFT


def test_a_staff_account_is_told_to_apply_as_a_citizen(client, officer, login_as, start_url, english):
    login_as(officer)

    response = client.get(start_url)

    assert response.context["choices"] == [] and "citizen's account" in response.content.decode()
    assert client.post(start_url, {"applicant": "", "idempotency_key": "k" * 20}).status_code == 200
    assert not Case.objects.exists()


def test_save_and_continue_later_saves_and_goes_to_the_centre(client, li_wei, login_as, draft):
    login_as(li_wei)

    response = client.post(f"/cases/{draft.code}/form/", form_post(go="later"))

    draft.refresh_from_db()
    assert response["Location"] == "/me/" and draft.data["trade_name"] == "李记小面"
    assert client.get("/me/").context["applications"]["drafts"] == [draft]
