"""`yiwang issue_token`: an API token for an app or kiosk, printed once."""

import io

import pytest
from django.core.management import CommandError, call_command

from yiwang.accounts.models import ApiToken
from yiwang.core.events import EventCode
from yiwang.core.models import Event


def test_printed_token_opens_the_api(client, li_wei):
    out = io.StringIO()

    call_command(
        "issue_token", li_wei.username, "--name", "kiosk 3, hall 1", "--channel", "kiosk", stdout=out
    )

    clear = out.getvalue().strip()
    token = ApiToken.objects.get(user=li_wei)
    assert (token.name, token.channel) == ("kiosk 3, hall 1", "kiosk")
    assert Event.objects.filter(code=EventCode.API_TOKEN_ISSUED).count() == 1
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {clear}"})
    assert response.status_code == 200
    assert response.json()["code"] == str(li_wei.code)


def test_unknown_user_is_refused():
    with pytest.raises(CommandError, match="No user"):
        call_command("issue_token", "nobody", "--name", "app", stdout=io.StringIO())

    assert not ApiToken.objects.exists()


def test_overlong_name_is_refused(li_wei):
    with pytest.raises(CommandError):
        call_command("issue_token", li_wei.username, "--name", "x" * 101, stdout=io.StringIO())

    assert not ApiToken.objects.exists()


def test_administrator_accounts_get_no_token(sysadmin):
    from django.core.exceptions import ValidationError

    from yiwang.accounts.actions import do_issue_api_token
    from yiwang.accounts.models import ApiToken

    with pytest.raises(ValidationError):
        do_issue_api_token(sysadmin, name="script", actor=None)

    assert not ApiToken.objects.exists()
