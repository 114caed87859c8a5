"""POST /i18n/setlang/ and the JavaScript catalogue: open to everyone."""

import pytest


def test_language_choice_is_kept_in_its_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["yiwang_language"].value == "en"
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_foreign_next_is_refused(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_unknown_language_is_ignored(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert "yiwang_language" not in response.cookies
    assert 'lang="zh-hans"' in client.get("/").content.decode()


def test_javascript_catalogue_is_served(client):
    response = client.get("/i18n/js/")

    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
