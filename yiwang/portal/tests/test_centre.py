"""/me/: the personal centre."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from yiwang.accounts.actions import do_add_enterprise_agent, do_grant_role


def test_outsider_is_sent_to_login(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


def test_citizen_sees_own_details_masked_only(client, li_wei, login_as):
    login_as(li_wei)

    response = client.get("/me/")

    page = response.content.decode()
    assert response.status_code == 200
    assert li_wei.person.masked_id_number in page
    assert "138****0001" in page
    assert li_wei.person.id_number not in page
    assert "13800000001" not in page
    assert "李伟" not in page


def test_citizen_sees_own_enterprises(client, li_wei, login_as, enterprise_of):
    enterprise = enterprise_of(li_wei)
    login_as(li_wei)

    response = client.get("/me/")

    assert response.context["enterprises"] == [enterprise]


def test_citizen_cannot_see_other_citizens_enterprise(client, li_wei, wang_fang, login_as, enterprise_of):
    enterprise = enterprise_of(li_wei)
    login_as(wang_fang)

    response = client.get("/me/")

    assert response.context["enterprises"] == []
    assert enterprise.name not in response.content.decode()


def test_agent_added_by_the_representative_sees_the_enterprise(
    client, li_wei, wang_fang, login_as, enterprise_of
):
    enterprise = enterprise_of(li_wei)
    do_add_enterprise_agent(enterprise, wang_fang, actor=li_wei)
    login_as(wang_fang)

    assert client.get("/me/").context["enterprises"] == [enterprise]


def test_administrator_gets_a_link_to_the_admin_and_others_do_not(client, login_as, sysadmin, officer):
    login_as(sysadmin)
    assert 'href="/admin/"' in client.get("/me/").content.decode()

    client.logout()
    login_as(officer)
    assert 'href="/admin/"' not in client.get("/me/").content.decode()


def test_query_count_does_not_grow_with_enterprises(client, li_wei, login_as, enterprise_of):
    login_as(li_wei)
    client.get("/me/")  # the first request after login writes the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/me/").status_code == 200

    for index in range(4):
        enterprise_of(li_wei, index + 1)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/me/")

    assert len(response.context["enterprises"]) == 4
    assert len(many) == len(few)


def test_query_count_does_not_grow_with_roles(client, officer, secadmin, login_as, department):
    login_as(officer)
    client.get("/me/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/me/").status_code == 200

    for suffix in ("05", "06", "07"):
        do_grant_role(officer, department(suffix), "officer", actor=secadmin)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/me/")

    assert len(response.context["roles"]) == 4
    assert len(many) == len(few)


def test_centre_refuses_post(client, li_wei, login_as):
    login_as(li_wei)

    assert client.post("/me/").status_code == 405
