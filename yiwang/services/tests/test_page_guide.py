"""The service guide (办事指南) of one item: everything needed to apply, printable; 404 otherwise."""

import uuid

import pytest
from django.utils.translation import gettext


def test_guide_shows_every_field_a_citizen_needs(client, catalogue):
    item = catalogue["pension"]
    response = client.get(f"/services/{item.code}/")
    page = response.content.decode()

    assert response.status_code == 200
    for text in [
        "城乡居民养老保险参保登记",
        "渝中区人力资源和社会保障局",
        "有经营能力的自然人",  # conditions
        "居民身份证",
        "无需提交，由部门共享获取",  # a fetched material
        "《促进个体工商户发展条例》第八条",
        "渝中区政务服务中心一楼 A 区",
        "周一至周五 9:00-17:00",
        "023-63800004",
        "12345",
        "审查",
        "决定",
        "参保凭证",
        "15",
        "3",
    ]:
        assert text in page, text
    assert f'href="/cases/apply/{item.code}/"' in page


def test_materials_provided_by_the_applicant_show_originals_and_copies(client, sole_trader_item):
    page = client.get(f"/services/{sole_trader_item.code}/").content.decode()

    assert "经营场所使用证明" in page and gettext("Provided by the applicant") in page


def test_guide_is_printable(client, sole_trader_item):
    page = client.get(f"/services/{sole_trader_item.code}/").content.decode()

    assert "window.print()" in page and 'class="no-print' in page


def test_guide_in_zh_hant_and_english(client, sole_trader_item):
    client.cookies["yiwang_language"] = "zh-hant"
    hant = client.get(f"/services/{sole_trader_item.code}/").content.decode()
    assert "個體工商戶設立登記" in hant

    client.cookies["yiwang_language"] = "en"
    en = client.get(f"/services/{sole_trader_item.code}/").content.decode()
    assert "Apply online" in en and "个体工商户设立登记" in en


@pytest.mark.parametrize("which", ["draft", "withdrawn"])
def test_drafts_and_withdrawn_items_have_no_guide(client, catalogue, which):
    assert client.get(f"/services/{catalogue[which].code}/").status_code == 404


def test_unknown_codes_are_not_found(client, district):
    assert client.get(f"/services/{uuid.uuid4()}/").status_code == 404
    assert client.get("/services/not-a-uuid/").status_code == 404


def test_guide_only_answers_reading(client, sole_trader_item):
    assert client.post(f"/services/{sole_trader_item.code}/").status_code == 405
