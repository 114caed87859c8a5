"""The catalogue's front page and the results page: browse, search, facets, paging, odd input."""

import pytest

from conftest import department
from yiwang.services.tests.conftest import publish


def test_front_page_browses_by_audience_theme_and_department(client, catalogue):
    page = client.get("/services/").content.decode()

    assert "Services for persons" in page or "个人办事" in page
    assert "户籍办理" in page and "设立变更" in page
    assert "渝中区人力资源和社会保障局" in page
    assert "渝中区民政局" not in page  # no published item


def test_portal_home_and_navbar_link_the_catalogue(client, district):
    page = client.get("/").content.decode()

    assert 'href="/services/"' in page and 'action="/services/search/"' in page


def test_search_for_initials_lists_the_item_with_a_link_to_its_guide(client, catalogue):
    page = client.get("/services/search/", {"q": "sfz"}).content.decode()

    assert f'href="/services/{catalogue["id_card"].code}/"' in page
    assert page.index("居民身份证换领") < page.index("城乡居民养老保险参保登记")
    assert "烟草专卖零售许可" not in page and "户外广告设置许可" not in page


def test_facets_filter_and_keep_the_query(client, catalogue):
    code = department("05").code
    page = client.get("/services/search/", {"q": "登记", "department": code}).content.decode()

    assert "失业登记" in page and "个体工商户设立登记" not in page
    assert f"?q=%E7%99%BB%E8%AE%B0&amp;department={code}" in page or "q=" in page


def test_zh_hant_reader_sees_traditional_content(client, catalogue):
    client.cookies["yiwang_language"] = "zh-hant"
    page = client.get("/services/search/", {"q": "身份證"}).content.decode()

    assert "居民身份證換領" in page
    assert 'value="身份證"' in page  # the query is shown as typed


def test_english_pages_have_english_labels_and_chinese_content(english, catalogue):
    page = english.get("/services/search/", {"q": "sfz"}).content.decode()

    assert "service(s) found for" in page and "居民身份证换领" in page
    assert "Public Security Sub-bureau" in page


def test_results_are_paged(client, district):
    for number in range(23):
        publish(f"P{number}", department("04"), name=f"测试事项{number:02d}号", aliases="")

    first = client.get("/services/search/", {"q": "测试事项"}).content.decode()
    second = client.get("/services/search/", {"q": "测试事项", "page": "2"}).content.decode()

    assert first.count('class="card mb-2"') == 20 and second.count('class="card mb-2"') == 3
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.parametrize(
    "params",
    [
        {"q": "身" * 50_000},
        {"q": "\x00\x01\x1b[31m sfz \u202e"},
        {"q": "<script>alert(1)</script>"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"audience": "robot"},
        {"department": "\x00"},
        {"theme": "x" * 500},
        {"q": "%", "department": "nope", "theme": "nope"},
    ],
)
def test_odd_input_never_breaks_the_page(client, catalogue, params):
    response = client.get("/services/search/", params)

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_result_pages_use_a_bounded_number_of_queries(client, district, django_assert_max_num_queries):
    for number in range(30):
        publish(f"Q{number}", department("04"), name=f"查询事项{number:02d}", aliases="")
    client.get("/services/search/")  # the index is built on the first search (five queries, any size)

    with django_assert_max_num_queries(3):
        client.get("/services/search/", {"q": "查询事项"})
    with django_assert_max_num_queries(3):
        client.get("/services/")
