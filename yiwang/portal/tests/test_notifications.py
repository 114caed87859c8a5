"""In-app messages: listed in the centre and at /me/notifications/, counted in the navbar, marked read."""

import pytest

from yiwang.notify.actions import do_notify
from yiwang.notify.models import Notification


def note(user, subject="办件已受理"):
    return do_notify(
        user, subject=subject, body="您的申请已受理。", link="/cases/", media=(Notification.IN_APP,)
    )[0]


def test_messages_are_listed_and_counted_in_the_navbar(client, li_wei, login_as):
    note(li_wei, "第一条")
    note(li_wei, "第二条")
    login_as(li_wei)

    response = client.get("/me/")

    page = response.content.decode()
    assert [n.subject for n in response.context["notifications"]] == ["第二条", "第一条"]
    assert 'id="nav-messages"' in page and ">2<" in page


def test_marking_one_read(client, li_wei, login_as):
    first, second = note(li_wei), note(li_wei)
    login_as(li_wei)

    response = client.post(
        "/me/notifications/read/", {"notification": str(first.code), "next": "/me/notifications/"}
    )

    first.refresh_from_db(), second.refresh_from_db()
    assert response["Location"] == "/me/notifications/"
    assert first.read_at is not None and second.read_at is None


def test_marking_all_read(client, li_wei, login_as):
    note(li_wei), note(li_wei)
    login_as(li_wei)

    client.post("/me/notifications/read/")

    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert ">2<" not in client.get("/me/").content.decode().split('id="nav-messages"')[1][:200]


def test_nobody_marks_or_sees_another_persons_messages(client, li_wei, wang_fang, login_as):
    theirs = note(li_wei, "李伟的消息")
    login_as(wang_fang)

    client.post("/me/notifications/read/", {"notification": str(theirs.code)})
    client.post("/me/notifications/read/")
    page = client.get("/me/notifications/").content.decode()

    theirs.refresh_from_db()
    assert theirs.read_at is None and "李伟的消息" not in page


@pytest.mark.parametrize(
    "data",
    [
        {"notification": "x"},
        {"notification": "1" * 500},
        {"next": "https://evil.example/"},
        {"next": "//evil.example"},
    ],
)
def test_odd_input_never_500_or_redirects_away(client, li_wei, login_as, data):
    login_as(li_wei)

    response = client.post("/me/notifications/read/", data)

    assert response.status_code == 302 and not response["Location"].lstrip("/").startswith(("evil", "/"))
    assert "evil" not in response["Location"]


def test_visitors_are_sent_to_login(client):
    assert client.get("/me/notifications/").status_code == 302
    assert client.post("/me/notifications/read/").status_code == 302


def test_the_list_pages_and_uses_few_queries(client, li_wei, login_as, django_assert_max_num_queries):
    for index in range(45):
        note(li_wei, f"消息{index}")
    login_as(li_wei)

    with django_assert_max_num_queries(10):
        response = client.get("/me/notifications/?page=3")
    assert len(response.context["page"].object_list) == 5
    assert client.get("/me/notifications/?page=abc").status_code == 200
