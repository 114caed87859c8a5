"""POST /accounts/logout/."""

from yiwang.core.events import EventCode
from yiwang.core.models import Event


def test_logout_ends_the_session_and_records_it(client, li_wei, login_as):
    login_as(li_wei)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(code=EventCode.LOGGED_OUT, actor=li_wei).count() == 1
    assert client.get("/me/").status_code == 302


def test_get_is_not_allowed_and_keeps_the_session(client, li_wei, login_as):
    login_as(li_wei)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(li_wei.pk)
    assert not Event.objects.filter(code=EventCode.LOGGED_OUT).exists()


def test_outsider_logout_records_nothing(client):
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not Event.objects.filter(code=EventCode.LOGGED_OUT).exists()
