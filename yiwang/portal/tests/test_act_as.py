"""POST /me/acting-for/: acting as oneself or for one of one's enterprises."""

from yiwang.portal.views import ACTING_FOR

URL = "/me/acting-for/"


def test_citizen_switches_to_own_enterprise(client, li_wei, login_as, enterprise_of):
    enterprise = enterprise_of(li_wei)
    login_as(li_wei)

    response = client.post(URL, {"enterprise": str(enterprise.code)})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.session[ACTING_FOR] == str(enterprise.code)
    assert client.get("/me/").context["acting_for"] == enterprise


def test_switching_back_to_oneself_clears_it(client, li_wei, login_as, enterprise_of):
    enterprise = enterprise_of(li_wei)
    login_as(li_wei)
    client.post(URL, {"enterprise": str(enterprise.code)})

    client.post(URL, {"enterprise": ""})

    assert ACTING_FOR not in client.session


def test_citizen_cannot_switch_to_another_citizens_enterprise(
    client, li_wei, wang_fang, login_as, enterprise_of
):
    own = enterprise_of(wang_fang, 2, name="王芳的公司")
    other = enterprise_of(li_wei, 1)
    login_as(wang_fang)
    client.post(URL, {"enterprise": str(own.code)})

    response = client.post(URL, {"enterprise": str(other.code)})

    assert response.status_code == 404
    assert client.session[ACTING_FOR] == str(own.code)


def test_garbage_enterprise_code_is_404(client, li_wei, login_as):
    login_as(li_wei)

    response = client.post(URL, {"enterprise": "../../etc/passwd"})

    assert response.status_code == 404
    assert ACTING_FOR not in client.session


def test_outsider_is_sent_to_login(client, li_wei, enterprise_of):
    enterprise = enterprise_of(li_wei)

    response = client.post(URL, {"enterprise": str(enterprise.code)})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert ACTING_FOR not in client.session


def test_get_is_not_allowed(client, li_wei, login_as):
    login_as(li_wei)

    assert client.get(URL).status_code == 405
