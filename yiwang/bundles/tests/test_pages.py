"""The bundle pages: the list and guide of a bundle, the questions, the merged form, the bundle case
page with one timeline, an item's guide, and the staff view; outsiders get nothing."""

import io

import pytest

from conftest import login, upload
from yiwang.bundles.models import BundleCase
from yiwang.bundles.tests.world import (
    DEATH_ANSWERS,
    RESTAURANT_ANSWERS,
    RESTAURANT_GUIDE,
    bundle,
    part,
    staff,
    submit,
)
from yiwang.cases.actions import do_refuse_case
from yiwang.cases.models import Case

pytestmark = pytest.mark.usefixtures("demo_bundles")


def test_list_shows_every_bundle_with_its_savings(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = client.get("/bundles/")
    text = page.content.decode()
    assert page.status_code == 200
    for name in ("开办餐饮店一件事", "出生一件事", "退休一件事", "企业开办一件事", "身后一件事"):
        assert name in text
    assert "个工作日" in text or "working day" in text


def test_bundle_guide_page_says_what_it_combines_and_saves(client):
    text = client.get("/bundles/restaurant/").content.decode()
    assert "个体工商户设立登记" in text and "食品经营许可（新办）" in text and "户外广告设置许可" in text
    assert "/bundles/restaurant/questions/" in text


def test_unknown_or_unpublished_bundle_is_404(client):
    from yiwang.bundles.actions import do_unpublish_bundle

    assert client.get("/bundles/no-such-thing/").status_code == 404
    do_unpublish_bundle(bundle("birth"), actor=None)
    assert client.get("/bundles/birth/").status_code == 404
    assert client.get("/bundles/birth/questions/").status_code == 404


def test_answers_decide_what_is_shown(client):
    plain = client.get("/bundles/restaurant/questions/?for_whom=self&sign=no").content.decode()
    outcome = plain.split('id="guide-outcome"')[1]
    assert "授权委托书及受托人身份证明" not in outcome
    assert (
        "<strong>户外广告设置许可</strong>" not in outcome and "您的情形无需办理：户外广告设置许可" in outcome
    )
    by_proxy = client.get("/bundles/restaurant/questions/?for_whom=other&sign=yes").content.decode()
    outcome = by_proxy.split('id="guide-outcome"')[1]
    assert "授权委托书及受托人身份证明" in outcome and "<strong>户外广告设置许可</strong>" in outcome


def test_bad_guide_answers_get_a_clear_error(client):
    page = client.get("/bundles/restaurant/questions/?for_whom=alien&sign=")
    assert page.status_code == 200
    assert 'id="guide-outcome"' not in page.content.decode()
    assert "is-invalid" in page.content.decode()


def test_merged_form_follows_the_answers(client, li_wei):
    login(client, li_wei)
    no_sign = client.get("/bundles/restaurant/apply/?for_whom=self&sign=no").content.decode()
    sign = client.get("/bundles/restaurant/apply/?for_whom=self&sign=yes").content.decode()
    assert "招牌面积" not in no_sign and "招牌面积" in sign
    assert no_sign.count("经营场所地址") == 1  # asked once although three items need it
    assert "李伟" in no_sign  # prefilled, locked


def test_apply_without_answers_goes_back_to_the_questions(client, li_wei):
    login(client, li_wei)
    page = client.get("/bundles/restaurant/apply/")
    assert page.status_code == 302 and page["Location"].endswith("/bundles/restaurant/questions/")


def _post(client, slug, answers, guide, files, key="bundle-key-0001"):
    answers = {"phone": "13800000001", **answers}  # prefilled but editable: the browser sends it back
    data = {"idempotency_key": key, **guide, **{f"f-{k}": v for k, v in answers.items()}}
    data.update(files)
    return client.post(f"/bundles/{slug}/apply/", data)


def _files(client, slug, guide):
    """Every upload input of the form, with a file each."""
    import re

    text = client.get(f"/bundles/{slug}/apply/", guide).content.decode()
    return {name: upload() for name in re.findall(r'type="file" name="(u-\d+)"', text)}


def test_submitting_the_merged_form_creates_one_bundle_case_once(client, li_wei):
    login(client, li_wei)
    files = _files(client, "restaurant", RESTAURANT_GUIDE)
    response = _post(client, "restaurant", RESTAURANT_ANSWERS, RESTAURANT_GUIDE, files)
    assert response.status_code == 302
    bundle_case = BundleCase.objects.get()
    assert response["Location"] == f"/bundles/cases/{bundle_case.code}/"
    again = _post(
        client, "restaurant", RESTAURANT_ANSWERS, RESTAURANT_GUIDE, {name: upload() for name in files}
    )  # a double click: same key, same request
    assert again.status_code == 302 and BundleCase.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "个体工商户设立登记" in page and "食品经营许可（新办）" in page
    assert 'id="bundle-timeline"' in page


def test_wrong_answers_are_shown_on_their_fields(client, li_wei):
    login(client, li_wei)
    files = _files(client, "restaurant", RESTAURANT_GUIDE)
    page = _post(
        client,
        "restaurant",
        {**RESTAURANT_ANSWERS, "capital": "lots", "area": "abc"},
        RESTAURANT_GUIDE,
        files,
    )
    assert page.status_code == 200
    assert page.content.decode().count("is-invalid") >= 2
    assert BundleCase.objects.count() == 0 and Case.objects.count() == 0


def test_missing_files_are_named(client, li_wei):
    login(client, li_wei)
    page = _post(client, "restaurant", RESTAURANT_ANSWERS, RESTAURANT_GUIDE, {})
    assert page.status_code == 200 and "经营场所使用证明" in page.content.decode()
    assert BundleCase.objects.count() == 0


def test_refusal_is_explained_on_the_bundle_page(client, li_wei, follow):
    bundle_case = submit("restaurant", li_wei, RESTAURANT_ANSWERS, RESTAURANT_GUIDE)
    follow(
        do_refuse_case,
        part(bundle_case, "个体工商户设立登记").case,
        actor=staff("market", "04"),
        reason="经营场所为住宅",
    )
    login(client, li_wei)
    text = client.get(f"/bundles/cases/{bundle_case.code}/").content.decode()
    assert "经营场所为住宅" in text
    assert "cannot proceed" in text or "无法继续" in text


def test_personal_centre_lists_bundle_cases(client, li_wei):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    login(client, li_wei)
    assert bundle_case.number in client.get("/me/").content.decode()
    assert bundle_case.number in client.get("/bundles/cases/").content.decode()


def test_staff_see_the_bundle_from_their_case(client, li_wei, follow):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    police = staff("police", "03")
    own = part(bundle_case, "死亡注销户口").case
    other = part(bundle_case, "基本殡葬服务费用减免").case
    login(client, police)
    case_page = client.get(f"/staff/cases/{own.code}/").content.decode()
    assert f"/staff/bundles/{bundle_case.code}/" in case_page
    page = client.get(f"/staff/bundles/{bundle_case.code}/").content.decode()
    assert f"/staff/cases/{own.code}/" in page
    assert f"/staff/cases/{other.code}/" not in page and other.number not in page
    assert "李大山" not in page  # no answers of the other department's case


def test_item_guide_changes_the_material_list(client):
    from yiwang.services.models import ServiceItem

    item = ServiceItem.objects.get(current__name="个体工商户设立登记")
    assert "/bundles/item-guide/" in client.get(f"/services/{item.code}/").content.decode()
    own = client.get(f"/bundles/item-guide/{item.code}/?for_whom=self&named=no").content.decode()
    proxy = client.get(f"/bundles/item-guide/{item.code}/?for_whom=other&named=yes").content.decode()

    def materials(text):
        return text.split('id="guide-materials"')[1].split("</ul>")[0]

    def fields(text):
        return text.split('id="guide-fields"')[1].split("</ul>")[0]

    assert "授权委托书" not in materials(own) and "授权委托书" in materials(proxy)
    assert "字号名称" not in fields(own) and "字号名称" in fields(proxy)


# Outsiders -------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, li_wei):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    for url in (
        "/bundles/after-death/apply/",
        "/bundles/cases/",
        f"/bundles/cases/{bundle_case.code}/",
        f"/staff/bundles/{bundle_case.code}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_another_citizen_gets_404(client, li_wei, wang_fang):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    login(client, wang_fang)
    assert client.get(f"/bundles/cases/{bundle_case.code}/").status_code == 404
    assert client.get("/bundles/cases/not-a-code/").status_code == 404
    assert bundle_case.number not in client.get("/bundles/cases/").content.decode()
    assert client.get(f"/staff/bundles/{bundle_case.code}/").status_code == 404


def test_staff_of_an_uninvolved_department_get_404(client, li_wei):
    bundle_case = submit("after-death", li_wei, DEATH_ANSWERS)
    login(client, staff("market", "04"))
    assert client.get(f"/staff/bundles/{bundle_case.code}/").status_code == 404
    assert client.get("/staff/bundles/zzz/").status_code == 404


def test_a_nul_character_is_refused_with_an_error_not_a_crash(client, li_wei):
    login(client, li_wei)
    page = _post(client, "restaurant", {**RESTAURANT_ANSWERS, "trade_name": "李记\x00"}, RESTAURANT_GUIDE, {})
    assert page.status_code == 200 and "is-invalid" in page.content.decode()
    assert BundleCase.objects.count() == 0


def test_item_guide_of_an_unknown_item_or_bad_answers(client):
    from yiwang.services.models import ServiceItem

    assert client.get("/bundles/item-guide/not-a-code/").status_code == 404
    assert client.get("/bundles/item-guide/00000000-0000-0000-0000-000000000000/").status_code == 404
    item = ServiceItem.objects.get(current__name="职工退休申请")
    page = client.get(f"/bundles/item-guide/{item.code}/?early=%00")
    assert page.status_code == 200 and 'id="guide-outcome"' not in page.content.decode()


def test_the_life_event_pages_offer_each_stage_its_bundles(client, demo_bundles):
    from yiwang.services.demo import seed_life_events

    seed_life_events(io.StringIO())
    text = client.get("/services/life/").content.decode()
    birth = text.index('id="stage-p-birth"')
    assert text.index("出生一件事", birth) < text.index('id="stage-p-schooling"')
    text = client.get("/services/life/enterprises/").content.decode()
    assert "开办餐饮店一件事" in text and "企业开办一件事" in text and "出生一件事" not in text
