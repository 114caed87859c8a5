"""/kiosk/: the self-service kiosk (自助终端): big targets, idle logout, cases carry the KIOSK channel."""

import time

from yiwang.cases.models import Case
from yiwang.portal.middleware import KIOSK_COOKIE, KIOSK_SEEN


def test_the_start_page_puts_the_terminal_in_kiosk_mode(client):
    response = client.get("/kiosk/")

    page = response.content.decode()
    assert response.status_code == 200 and response.cookies[KIOSK_COOKIE].value == "1"
    assert 'class=" kiosk"' in page or "kiosk" in page.split("<body", 1)[1].split(">", 1)[0]
    assert 'data-kiosk-idle="120"' in page and "kiosk.js" in page
    assert 'href="/accounts/login/?next=/kiosk/"' in page


def test_the_idle_limit_is_a_setting(client, settings):
    settings.YIWANG_KIOSK_IDLE_SECONDS = 45

    assert 'data-kiosk-idle="45"' in client.get("/kiosk/").content.decode()


def test_a_case_started_at_the_kiosk_carries_the_kiosk_channel(client, li_wei, login_as, sole_trader_item):
    client.get("/kiosk/")
    login_as(li_wei)
    url = f"/cases/apply/{sole_trader_item.code}/"
    key = client.get(url).context["form"]["idempotency_key"].value()

    client.post(url, {"applicant": "", "idempotency_key": key})

    assert Case.objects.get().channel == "kiosk"


def test_a_case_started_on_the_web_carries_the_web_channel(client, li_wei, login_as, sole_trader_item):
    login_as(li_wei)
    url = f"/cases/apply/{sole_trader_item.code}/"
    key = client.get(url).context["form"]["idempotency_key"].value()

    client.post(url, {"applicant": "", "idempotency_key": key})

    assert Case.objects.get().channel == "web"


def test_an_idle_kiosk_session_is_ended_by_the_server(client, li_wei, login_as, settings):
    client.cookies[KIOSK_COOKIE] = "1"
    login_as(li_wei)
    client.get("/me/")
    session = client.session
    session[KIOSK_SEEN] = time.time() - settings.YIWANG_KIOSK_IDLE_SECONDS - 5
    session.save()

    response = client.get("/me/")

    assert response.status_code == 302 and response["Location"] == "/kiosk/"
    assert client.get("/me/").status_code == 302  # logged out


def test_an_active_kiosk_session_goes_on(client, li_wei, login_as):
    client.cookies[KIOSK_COOKIE] = "1"
    login_as(li_wei)

    assert client.get("/me/").status_code == 200
    assert client.get("/me/").status_code == 200


def test_logging_out_at_the_kiosk_returns_to_its_start_page(client, li_wei, login_as):
    client.cookies[KIOSK_COOKIE] = "1"
    login_as(li_wei)

    response = client.post("/kiosk/logout/", {"idle": "1"})

    assert response["Location"] == "/kiosk/" and client.get("/me/").status_code == 302


def test_leaving_kiosk_mode(client):
    client.get("/kiosk/")

    response = client.post("/kiosk/exit/")

    assert response["Location"] == "/" and response.cookies[KIOSK_COOKIE].value == ""


def test_odd_kiosk_requests_never_500(client):
    assert client.get("/kiosk/logout/").status_code == 405
    assert client.post("/kiosk/logout/", {"idle": "\x00" * 10}).status_code == 302
    assert client.get("/kiosk/?q=%00").status_code == 200
