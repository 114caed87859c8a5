"""The steward pages (/staff/data/): scope by provider department, upload, reports, record history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import _staff, department, login
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.datahub.actions import do_import_rows
from yiwang.datahub.models import ImportBatch, Record
from yiwang.datahub.tests.factories import csv_bytes, people, person, registry

pytestmark = pytest.mark.usefixtures("district")


@pytest.fixture
def resources():
    return registry()


@pytest.fixture
def loaded(resources, steward):
    population = resources["人口基础信息"]
    do_import_rows(
        population,
        enumerate([person()], start=2),
        mode=ImportBatch.ALL_OR_NOTHING,
        source=ImportBatch.API,
        actor=steward,
    )
    return population


def test_steward_sees_own_departments_resources_only(client, steward, resources):
    login(client, steward)
    page = client.get("/staff/data/").content.decode()
    assert "人口基础信息" in page and "法人基础信息" in page
    assert "婚姻登记信息" not in page  # 民政局's
    assert client.get(f"/staff/data/resources/{resources['婚姻登记信息'].code}/").status_code == 404


def test_sysadmin_sees_every_resource_but_cannot_load(client, sysadmin, resources, loaded):
    login(client, sysadmin)
    assert "婚姻登记信息" in client.get("/staff/data/").content.decode()
    page = client.get(f"/staff/data/resources/{loaded.code}/")
    assert page.status_code == 200 and "Load the file" not in page.content.decode()
    upload = SimpleUploadedFile("p.csv", csv_bytes(people(1)))
    assert (
        client.post(
            f"/staff/data/resources/{loaded.code}/upload/", {"file": upload, "mode": "good_rows"}
        ).status_code
        == 403
    )
    record = Record.objects.get()
    assert client.post(f"/staff/data/resources/{loaded.code}/records/{record.key_index}/").status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "citizen", "officer", "other_steward"])
def test_outsiders_get_nothing(client, who, loaded, li_wei, officer):
    record = Record.objects.get()
    batch = ImportBatch.objects.get()
    urls = [
        "/staff/data/",
        "/staff/data/elements/",
        f"/staff/data/resources/{loaded.code}/",
        f"/staff/data/resources/{loaded.code}/records/?id_number=x",
        f"/staff/data/resources/{loaded.code}/records/{record.key_index}/",
        f"/staff/data/imports/{batch.code}/",
        f"/staff/data/imports/{batch.code}/errors.csv",
    ]
    if who == "citizen":
        login(client, li_wei)
    elif who == "officer":
        login(client, officer)
    elif who == "other_steward":
        login(client, _staff("steward6", "吴霞", department("06"), "data_steward"))
    for url in urls:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif who == "other_steward":
            assert response.status_code in (200, 404), url
            assert "李" not in response.content.decode() or url in (
                "/staff/data/",
                "/staff/data/elements/",
            ), url
            if "resources/" in url or "imports/" in url:
                assert response.status_code == 404, url
        else:
            assert response.status_code == 403, url
    post = client.post(
        f"/staff/data/resources/{loaded.code}/upload/",
        {"file": SimpleUploadedFile("p.csv", csv_bytes(people(1))), "mode": "good_rows"},
    )
    assert post.status_code in (302, 403, 404)
    if who == "anonymous":
        assert "/accounts/login/" in post["Location"]
    assert Record.objects.count() == 1


def test_upload_good_file_then_bad_file_with_error_report(client, steward, resources, english):
    population = resources["人口基础信息"]
    login(client, steward)
    upload = SimpleUploadedFile("p.csv", csv_bytes(people(3)))
    response = client.post(
        f"/staff/data/resources/{population.code}/upload/", {"file": upload, "mode": "all_or_nothing"}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/data/imports/{batch.code}/"
    assert batch.actor == steward and batch.source == ImportBatch.UPLOAD and batch.rows_created == 3
    assert "3 new records" in client.get(response["Location"]).content.decode()

    rows = people(2, start=10)
    rows[1]["id_number"] = "500103199001011239"
    client.post(
        f"/staff/data/resources/{population.code}/upload/",
        {"file": SimpleUploadedFile("bad.csv", csv_bytes(rows)), "mode": "all_or_nothing"},
    )
    refused = ImportBatch.objects.filter(status=ImportBatch.REFUSED).get()
    page = client.get(f"/staff/data/imports/{refused.code}/").content.decode()
    assert "Nothing was loaded" in page and "5001**********1239" in page
    report = client.get(f"/staff/data/imports/{refused.code}/errors.csv")
    text = report.content.decode("utf-8-sig")
    assert (
        report["Content-Type"].startswith("text/csv") and "id_number" in text and "5001**********1239" in text
    )
    assert "500103199001011239" not in text
    assert Record.objects.count() == 3


def test_upload_rejects_other_formats_and_binary_garbage(client, steward, resources):
    population = resources["人口基础信息"]
    login(client, steward)
    response = client.post(
        f"/staff/data/resources/{population.code}/upload/",
        {"file": SimpleUploadedFile("x.exe", b"MZ\x00"), "mode": "good_rows"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/staff/data/resources/{population.code}/upload/",
        {"file": SimpleUploadedFile("x.csv", bytes(range(256)) * 10), "mode": "good_rows"},
    )
    assert response.status_code == 302
    assert ImportBatch.objects.get().status == ImportBatch.REFUSED
    response = client.post(f"/staff/data/resources/{population.code}/upload/", {"mode": "nonsense"})
    assert response.status_code == 400


def test_record_history_is_masked_until_the_steward_reveals_it(client, steward, loaded, english):
    login(client, steward)
    record = Record.objects.get()
    url = f"/staff/data/resources/{loaded.code}/records/{record.key_index}/"
    page = client.get(url).content.decode()
    assert "李*" in page and "5001**********" in page and "李伟" not in page
    page = client.post(url).content.decode()
    assert "李伟" in page and person()["id_number"] in page
    assert Event.objects.filter(code=EventCode.RECORD_REVEALED, actor=steward).count() == 1


def test_lookup_by_key(client, steward, loaded):
    login(client, steward)
    record = Record.objects.get()
    response = client.get(
        f"/staff/data/resources/{loaded.code}/records/", {"id_number": person()["id_number"].lower()}
    )
    assert response.status_code == 302 and record.key_index in response["Location"]
    assert (
        client.get(f"/staff/data/resources/{loaded.code}/records/", {"id_number": "nobody"}).status_code
        == 404
    )
    assert client.get(f"/staff/data/resources/{loaded.code}/records/{'0' * 64}/").status_code == 404
    assert client.get("/staff/data/imports/not-a-uuid/").status_code == 404


def test_pages_render_with_facets_and_elements(client, steward, loaded):
    login(client, steward)
    assert client.get("/staff/data/?kind=basic&q=人口").status_code == 200
    page = client.get("/staff/data/elements/?q=性别").content.decode()
    assert "DE0003" in page and "女性" in page
    page = client.get(f"/staff/data/resources/{loaded.code}/").content.decode()
    assert "公民身份号码" in page and "记录数：1" in page
