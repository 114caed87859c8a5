"""The public home page and /healthz."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from yiwang.accounts.actions import do_create_department
from yiwang.accounts.models import Department


def test_home_lists_departments_streets_and_communities_for_outsiders(client, district):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "渝中区市场监督管理局" in page
    assert "解放碑街道" in page
    assert "通远门社区" in page


def test_home_query_count_does_not_grow_with_streets(client, district):
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")

    for index in range(3):
        street = do_create_department(
            code=f"S9{index}", name=f"新街道{index}", kind=Department.STREET, parent=district, actor=None
        )
        do_create_department(
            code=f"S9{index}-01", name=f"新社区{index}", kind=Department.COMMUNITY, parent=street, actor=None
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/").content.decode()

    assert "新社区2" in page
    assert len(many) == len(few)


def test_home_renders_on_an_empty_installation(client):
    assert client.get("/").status_code == 200


def test_home_refuses_post(client):
    assert client.post("/").status_code == 405


def test_healthz_answers_without_database_or_session(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


def test_healthz_answers_head_for_load_balancers(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.head("/healthz")

    assert response.status_code == 200
    assert response.content == b""


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_unknown_page_is_a_404_in_the_site_layout(english):
    response = english.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
