"""/me/enterprises/add/: recording an enterprise one represents."""

import pytest

from yiwang.accounts.models import Enterprise, EnterpriseAgent
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_credit_code
from yiwang.core.models import Event

URL = "/me/enterprises/add/"
CODE = make_credit_code("91500103MA5U7Y3K2")


def form(**changes):
    data = {
        "name": "重庆渝中山城小面餐饮有限公司",
        "credit_code": CODE,
        "legal_representative": "李伟",
        "idempotency_key": "ent-key-0001",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def counts():
    return Enterprise.objects.count(), EnterpriseAgent.objects.count(), Event.objects.count()


def test_outsider_is_sent_to_login_and_nothing_is_added(client):
    get = client.get(URL)
    post = client.post(URL, form())

    assert get.status_code == post.status_code == 302
    assert get["Location"] == "/accounts/login/?next=/me/enterprises/add/"
    assert not Enterprise.objects.exists()


def test_citizen_adds_an_enterprise(client, li_wei, login_as):
    login_as(li_wei)

    response = client.post(URL, form(credit_code=CODE.lower()))

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    enterprise = Enterprise.objects.get()
    assert enterprise.credit_code == CODE
    assert EnterpriseAgent.objects.get().user == li_wei
    assert Event.objects.get(code=EventCode.ENTERPRISE_REGISTERED).actor == li_wei


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"credit_code": "91500103MA5U7Y3K2X"},
            "credit_code",
            "The check character of this unified social credit code is wrong; please check for typing errors.",
        ),
        (
            {"credit_code": "91500103MA5U7Y3K"},
            "credit_code",
            "A unified social credit code has 18 characters.",
        ),
        (
            {"credit_code": "91500103MA5U7Y3KIO"},
            "credit_code",
            "A unified social credit code uses only digits and capital letters other than I, O, Z, S and V.",
        ),
        (
            {"legal_representative": "L1"},
            "legal_representative",
            "Enter the legal representative&#x27;s name.",
        ),
        ({"name": "X"}, "name", "Enter the enterprise&#x27;s registered name."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_adds_nothing(
    english, li_wei, login_as, changes, field, message
):
    login_as(li_wei)
    before = counts()

    response = english.post(URL, form(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert message in response.content.decode()
    assert counts() == before


def test_enterprise_already_registered_is_refused(english, li_wei, wang_fang, login_as):
    login_as(li_wei)
    english.post(URL, form())
    english.logout()
    english.cookies["yiwang_language"] = "en"  # logout() empties the cookie jar
    login_as(wang_fang)
    before = counts()

    response = english.post(URL, form(idempotency_key="ent-key-0002", legal_representative="王芳"))

    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "This enterprise is already registered. Ask its legal representative to add you as an agent."
    ]
    assert counts() == before
    assert not EnterpriseAgent.objects.filter(user=wang_fang).exists()


def test_repeated_submit_with_same_key_adds_once(client, li_wei, login_as):
    login_as(li_wei)
    client.post(URL, form())

    response = client.post(URL, form())

    assert response.status_code == 302
    assert Enterprise.objects.count() == 1
    assert Event.objects.filter(code=EventCode.ENTERPRISE_REGISTERED).count() == 1


def test_same_key_with_other_data_is_refused(english, li_wei, login_as):
    login_as(li_wei)
    english.post(URL, form())
    before = counts()

    other = form(credit_code=make_credit_code("91500103MA5U7Y3K3"), name="另一家有限公司")

    response = english.post(URL, other)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This idempotency key was already used for a different request."
    ]
    assert counts() == before


def test_form_renders_with_a_fresh_key(client, li_wei, login_as):
    login_as(li_wei)

    first = client.get(URL).context["form"]["idempotency_key"].value()
    second = client.get(URL).context["form"]["idempotency_key"].value()

    assert first and second and first != second


def test_nobody_registers_an_enterprise_under_someone_elses_name(english, li_wei, wang_fang, login_as):
    """Wang Fang cannot claim Li Wei's company by typing his name as its legal representative."""
    login_as(wang_fang)
    before = counts()

    response = english.post(URL, form(legal_representative="李伟"))

    assert response.status_code == 200
    assert response.context["form"].errors["legal_representative"] == [
        "Only the legal representative can register an enterprise, under the real name of their own account."
    ]
    assert counts() == before
