"""Open311 GeoReport v2: discovery, services, definition, create with api_key, tokens, lists — XML and JSON."""

import xml.etree.ElementTree as ET

import pytest

from yiwang.hotline.actions import do_issue_open311_key
from yiwang.hotline.models import Ticket

pytestmark = pytest.mark.usefixtures("calendar", "categories")


@pytest.fixture
def api_key(db):
    return do_issue_open311_key("城市通 App", actor=None)[1]


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def test_discovery_in_both_formats(client):
    data = client.get("/open311/v2/discovery.json").json()
    root = xml(client.get("/open311/v2/discovery.xml"))

    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


def test_service_list_is_the_categories(client):
    services = client.get("/open311/v2/services.json").json()
    root = xml(client.get("/open311/v2/services.xml"))

    assert len(services) == 7
    first = services[0]
    assert set(first) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert (first["service_code"], first["metadata"], first["type"]) == (
        "urban-construction",
        True,
        "realtime",
    )
    assert root.tag == "services" and root[0].tag == "service"
    assert (
        root[0].find("service_code").text == "urban-construction" and root[0].find("metadata").text == "true"
    )


def test_service_definition(client):
    data = client.get("/open311/v2/services/commerce-tourism.json").json()
    root = xml(client.get("/open311/v2/services/commerce-tourism.xml"))

    assert data["service_code"] == "commerce-tourism"
    attribute = data["attributes"][0]
    assert (attribute["code"], attribute["datatype"], attribute["variable"]) == (
        "kind",
        "singlevaluelist",
        True,
    )
    assert {v["key"] for v in attribute["values"]} == {
        "consultation",
        "help",
        "complaint",
        "report",
        "suggestion",
    }
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key").text == "consultation"
    assert client.get("/open311/v2/services/nothing.json").status_code == 404


def test_create_request_with_api_key_then_read_it_back(client, api_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "commerce-tourism",
            "lat": "29.557",
            "long": "106.577",
            "address_string": "解放碑街道民族路88号",
            "description": "商场门口商贩占道经营，堵塞通道。",
            "attribute[kind]": "complaint",
            "first_name": "丽",
            "last_name": "孙",
            "phone": "13900000009",
        },
    )

    assert response.status_code == 201
    created = response.json()[0]
    ticket = Ticket.objects.get(number=created["service_request_id"])
    assert (
        ticket.channel == "open311"
        and ticket.kind == "complaint"
        and ticket.category.code == "commerce-tourism"
    )
    assert ticket.street.name == "解放碑街道"

    one = client.get(f"/open311/v2/requests/{ticket.number}.json").json()[0]
    assert one["status"] == "open" and one["service_code"] == "commerce-tourism"
    assert one["lat"] == "29.557" and one["address"] == "解放碑街道民族路"
    assert "13900000009" not in str(one) and "孙" not in str(one)
    token = client.get(f"/open311/v2/tokens/{created['token']}.xml")
    assert xml(token).find("request/service_request_id").text == ticket.number
    root = xml(client.get(f"/open311/v2/requests/{ticket.number}.xml"))
    assert root.tag == "service_requests" and root.find("request/status").text == "open"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"api_key": "wrong"}, 403),
        ({"service_code": "nothing"}, 400),
        ({"address_string": "", "lat": ""}, 400),
        ({"description": ""}, 400),
        ({"attribute[kind]": "praise"}, 400),
    ],
)
def test_bad_requests_get_open311_errors_and_create_nothing(client, api_key, data, status):
    values = {
        "api_key": api_key,
        "service_code": "commerce-tourism",
        "address_string": "民族路",
        "description": "占道经营",
    }
    values.update(data)

    response = client.post("/open311/v2/requests.json", values)
    xml_response = client.post("/open311/v2/requests.xml", values)

    assert response.status_code == xml_response.status_code == status
    assert response.json()[0]["code"] == status and response.json()[0]["description"]
    assert xml(xml_response).tag == "errors"
    assert not Ticket.objects.exists()


def test_request_list_filters(client, ticket, operator):
    from yiwang.hotline.actions import do_close_directly
    from yiwang.hotline.tests.conftest import make_ticket

    question = make_ticket(operator, kind="consultation", title="公积金提取", text="公积金提取要什么材料？")
    do_close_directly(question, answer="身份证和购房合同。", actor=operator)

    def numbers(query):
        return {r["service_request_id"] for r in client.get("/open311/v2/requests.json" + query).json()}

    assert numbers("") == {ticket.number, question.number}
    assert numbers("?status=open") == {ticket.number}
    assert numbers("?status=closed") == {question.number}
    assert numbers(f"?service_request_id={question.number},nothing") == {question.number}
    assert numbers("?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z") == set()
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400
    assert client.get("/open311/v2/requests.json?status=pending").status_code == 400
    assert client.get("/open311/v2/requests.csv").status_code == 404
