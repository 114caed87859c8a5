"""An empty POST is a submitted form with every field missing, not a fresh page."""

import pytest

from yiwang.accounts.models import User


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, field",
    [
        ("/accounts/login/", "identifier"),
        ("/accounts/register/", "id_number"),
    ],
)
def test_empty_post_shows_required_field_errors(client, url, field):
    users = User.objects.count()

    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == users
