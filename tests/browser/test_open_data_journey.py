"""Open-data journey: a visitor searches the open catalogue, narrows by theme, opens a dataset,
reads its preview and downloads it as CSV; the metadata is there as DCAT-AP too."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def open_data(district):
    from yiwang.accounts.actions import do_create_staff, do_grant_role
    from yiwang.accounts.models import Department
    from yiwang.opendata.actions import do_publish_dataset
    from yiwang.opendata.tests.factories import air_quality, population

    def department(suffix):
        return Department.objects.get(code=f"500103-{suffix}")

    steward = do_create_staff(username="steward", name="孙磊", password="Persona-pass-1", actor=None)
    do_grant_role(steward, department("02"), "data_steward", actor=None)
    do_publish_dataset(
        air_quality(department("02")),
        {
            "name": "air-quality",
            "title": "空气质量监测日报",
            "notes": "各监测站点每日空气质量指数与等级，按日更新。",
            "theme": "environment",
            "tags": ["空气"],
            "fields": ["station", "day", "aqi", "level"],
        },
        actor=steward,
    )
    do_publish_dataset(
        population(department("02"), opening="conditional"),
        {
            "name": "street-population",
            "title": "各街道户籍人口数",
            "notes": "各街道户籍人口数，按月更新。",
            "theme": "society",
            "tags": ["人口"],
            "aggregate_by": ["street"],
        },
        actor=steward,
    )


def test_a_visitor_searches_previews_and_downloads_a_dataset(page, open_data, screenshot):
    page.goto("/")
    page.get_by_role("link", name="开放数据").first.click()
    expect(page.get_by_role("heading", name="数据集：2")).to_be_visible()
    page.get_by_label("检索数据集").fill("空气")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("heading", name="数据集：1")).to_be_visible()
    page.get_by_label("检索数据集").fill("")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="资源环境").click()
    expect(page.get_by_role("link", name="各街道户籍人口数")).to_have_count(0)
    screenshot("catalogue")
    page.get_by_role("link", name="空气质量监测日报").click()
    expect(page.get_by_role("heading", name="空气质量监测日报")).to_be_visible()
    preview = page.get_by_role("table")
    expect(preview).to_contain_text("空气质量指数")
    expect(preview.locator("tbody tr")).to_have_count(10)
    screenshot("dataset")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = waiting.value
    assert download.suggested_filename == "air-quality.csv"
    table = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert table[0] == ["station", "day", "aqi", "level"] and len(table) == 31
    page.goto("/opendata/dataset/street-population/")
    expect(page.get_by_text("此数据集为有条件开放")).to_be_visible()
    response = page.request.get("/dataset/air-quality.jsonld")
    assert response.ok and "dcat:Dataset" in response.text()
