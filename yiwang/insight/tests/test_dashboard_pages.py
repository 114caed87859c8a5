"""The dashboard, its JSON, the large screen and the monthly report: who sees what."""

import io

import pytest
from openpyxl import load_workbook

from conftest import _staff, department, login
from yiwang.cases.tests.test_letter import pdf_text
from yiwang.core.channels import Channel
from yiwang.insight.reports import FLOW_KPIS
from yiwang.insight.tests.conftest import apply


@pytest.fixture
def activity(calendar, li_wei, officer, promised_item, immediate_item):
    """Two applications of 市场监管局: one decided on the spot (finished on time), one submitted."""
    from yiwang.cases.actions import do_accept_case

    do_accept_case(apply(immediate_item, li_wei, channel="kiosk"), actor=officer)
    apply(promised_item, li_wei)


def test_leader_sees_the_district(client, leader, activity):
    login(client, leader)
    page = client.get("/staff/insight/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "echarts.min.js" in html and 'id="insight-data"' in html
    data = page.context["data"]
    assert data["figures"]["cases_submitted"] == 2
    assert data["figures"]["cases_finished"] == 1 and data["figures"]["on_time_rate"] == 100.0
    assert {row["channel"]: row["cases"] for row in data["channels"]} == {
        str(Channel.KIOSK.label): 1,
        str(Channel.WEB.label): 1,
    }
    assert "sharing-empty" in html  # no data-sharing events yet, and the page says so


def test_json_and_screen(client, leader, activity):
    login(client, leader)
    data = client.get("/staff/insight/data.json?granularity=day").json()
    assert data["granularity"] == "day" and len(data["trend"]) == 30
    assert data["figures"]["cases_submitted"] == 2
    screen = client.get("/staff/insight/screen/?granularity=week")
    assert screen.status_code == 200
    assert b'data-bs-theme="dark"' in screen.content and b"data-every" in screen.content
    assert b"granularity=week" in screen.content


def test_unknown_granularity_falls_back_to_months(client, leader):
    login(client, leader)
    assert client.get("/staff/insight/data.json?granularity=%00year").json()["granularity"] == "month"
    assert client.get("/staff/insight/?department=%00").status_code == 404
    assert client.get("/staff/insight/?department=nope").status_code == 404
    assert client.get("/staff/insight/report.xlsx?month=%00").status_code == 400


def test_head_sees_only_their_department(client, head, activity):
    login(client, head)
    page = client.get("/staff/insight/")
    assert page.status_code == 200
    assert page.context["chosen"] is None and page.context["data"]["figures"]["cases_submitted"] == 2
    assert client.get(f"/staff/insight/?department={department('05').code}").status_code == 404
    assert client.get(f"/staff/insight/data.json?department={department('05').code}").status_code == 404
    assert client.get(f"/staff/insight/?department={department('04').code}").status_code == 200


def test_head_of_another_department_sees_none_of_it(client, district, activity):
    other_head = _staff("head5", "吴兰", department("05"), "department_head")
    login(client, other_head)
    assert client.get("/staff/insight/data.json").json()["figures"]["cases_submitted"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/staff/insight/",
        "/staff/insight/data.json",
        "/staff/insight/screen/",
        "/staff/insight/report.pdf",
        "/staff/insight/report.xlsx",
    ],
)
def test_outsiders_are_kept_out(client, li_wei, officer, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page
    login(client, li_wei)
    assert client.get(path).status_code == 403
    login(client, officer)
    assert client.get(path).status_code == 403


def test_monthly_report_as_excel_and_pdf_holds_the_numbers(client, leader, activity):
    from django.utils import timezone

    month = timezone.localdate().strftime("%Y-%m")
    login(client, leader)
    response = client.get(f"/staff/insight/report.xlsx?month={month}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    figures = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert figures[str(FLOW_KPIS[0][1])] == 2  # applications submitted
    assert figures[str(FLOW_KPIS[2][1])] == 100.0  # finished on time
    departments = list(book.worksheets[1].iter_rows(values_only=True))
    assert departments[1][:3] == (department("04").name, 1, 100.0)

    pdf = client.get(f"/staff/insight/report.pdf?month={month}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    text = pdf_text(pdf.content)
    assert month in text and department("04").name in text and "100.0%" in text


def test_a_bad_month_is_refused(client, leader):
    login(client, leader)
    for month in ("2026-13", "26-1", "abcdefg", "1900-01"):
        response = client.get(f"/staff/insight/report.pdf?month={month}")
        assert response.status_code == 400
