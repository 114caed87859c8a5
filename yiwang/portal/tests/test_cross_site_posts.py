"""Every state-changing form refuses a POST without the CSRF token (a cross-site request)."""

import pytest


@pytest.fixture
def csrf_client(client):
    """The test client checking CSRF tokens as a browser's request would be checked."""
    client.handler.enforce_csrf_checks = True
    return client


@pytest.mark.parametrize(
    "url", ["/accounts/logout/", "/me/acting-for/", "/me/enterprises/add/", "/accounts/password/"]
)
def test_logged_in_forms_refuse_a_post_without_the_token(csrf_client, login_as, li_wei, password, url):
    login_as(li_wei)

    response = csrf_client.post(url, {"enterprise": "", "old_password": password})

    assert response.status_code == 403
    assert csrf_client.session["_auth_user_id"] == str(li_wei.pk)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/register/", "/display-mode/"])
def test_public_forms_refuse_a_post_without_the_token(csrf_client, li_wei, password, url):
    response = csrf_client.post(url, {"identifier": li_wei.username, "password": password, "mode": "large"})

    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_login_with_the_token_works(csrf_client, li_wei, password):
    page = csrf_client.get("/accounts/login/")
    token = page.context["csrf_token"]

    response = csrf_client.post(
        "/accounts/login/",
        {"identifier": li_wei.username, "password": password, "csrfmiddlewaretoken": str(token)},
    )

    assert response.status_code == 302
