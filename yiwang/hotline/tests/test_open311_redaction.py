"""Open311 reads are public: an outsider gets the problem and its road, never who reported it."""

import pytest

from yiwang.core.channels import Channel
from yiwang.hotline.actions import do_create_ticket
from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.usefixtures("calendar", "categories")

EXAMPLE = "我叫李伟，身份证50010319880314231X，电话13800000001，家住民族路88号3单元502，楼下烧烤油烟太大。"
PERSONAL = ("李伟", "50010319880314231X", "13800000001", "3单元502", "88号", "502")


@pytest.fixture
def ticket(db):
    return do_create_ticket(
        kind=Ticket.COMPLAINT,
        text=EXAMPLE,
        channel=Channel.WEB,
        caller_name="李伟",
        caller_phone="13800000001",
        address="渝中区解放碑街道民族路88号3单元502",
        latitude="29.557123",
        longitude="106.577456",
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_anonymous_reader_of_a_request_sees_no_personal_data(client, ticket, fmt):
    for url in (
        f"/open311/v2/requests.{fmt}?service_request_id={ticket.number}",
        f"/open311/v2/requests/{ticket.number}.{fmt}",
        f"/open311/v2/requests.{fmt}",
    ):
        response = client.get(url)

        assert response.status_code == 200
        body = response.content.decode("utf-8")
        assert ticket.number in body
        for value in PERSONAL:
            assert value not in body, (url, value)
        assert "民族路" in body and "烧烤油烟" in body
        assert "29.557123" not in body and "29.557" in body


def test_the_published_request_keeps_the_problem_and_the_road(client, ticket):
    one = client.get(f"/open311/v2/requests.json?service_request_id={ticket.number}").json()[0]

    assert one["address"] == "渝中区解放碑街道民族路"
    assert one["description"].startswith("我叫〔姓名〕，身份证〔身份证号〕，电话〔电话〕，家住民族路〔门牌〕")
    assert one["description"].endswith("楼下烧烤油烟太大。")
    assert (one["lat"], one["long"]) == ("29.557", "106.577")


def test_redacting_on_read_changes_nothing_stored(client, ticket):
    client.get(f"/open311/v2/requests.json?service_request_id={ticket.number}")

    ticket.refresh_from_db()
    assert ticket.text == EXAMPLE and ticket.address == "渝中区解放碑街道民族路88号3单元502"
