"""POST /display-mode/: the large-text, high-contrast mode (适老化), for everyone."""

import pytest

from yiwang.portal.middleware import DISPLAY_COOKIE

URL = "/display-mode/"


def test_large_text_is_switched_on_and_every_page_honours_it(client):
    response = client.post(URL, {"mode": "large", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[DISPLAY_COOKIE].value == "large"
    assert 'class="large-text"' in client.get("/accounts/login/").content.decode()


def test_standard_text_removes_the_cookie(client):
    client.post(URL, {"mode": "large"})

    response = client.post(URL, {"mode": "standard", "next": "/"})

    assert response.cookies[DISPLAY_COOKIE].value == ""
    assert 'class="large-text"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http:evil.example", "javascript:alert(1)", ""]
)
def test_foreign_next_is_refused(client, next_url):
    response = client.post(URL, {"mode": "large", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405
