"""/admin/services/theme/: themes are added and renamed through actions; their code stays."""

import pytest

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services.actions import do_create_theme
from yiwang.services.models import Theme

THEMES = "/admin/services/theme/"


def test_adding_a_theme(client, login_as, sysadmin):
    login_as(sysadmin)

    response = client.post(
        f"{THEMES}add/",
        {
            "code": "P01",
            "audience": "person",
            "name": "生育收养",
            "name_en": "Birth and adoption",
            "sort_order": 1,
        },
    )

    assert response.status_code == 302
    assert Theme.objects.get().name == "生育收养"
    assert Event.objects.get(code=EventCode.THEME_CHANGED).actor == sysadmin


def test_a_code_in_use_is_refused_on_the_field(client, login_as, sysadmin):
    do_create_theme(code="P01", audience="person", name="生育收养", actor=None)
    login_as(sysadmin)

    response = client.post(
        f"{THEMES}add/", {"code": "P01", "audience": "person", "name": "别的", "sort_order": 0}
    )

    assert "code" in response.context["adminform"].form.errors
    assert Theme.objects.count() == 1


def test_renaming_a_theme_keeps_its_code(client, login_as, sysadmin):
    theme = do_create_theme(code="P01", audience="person", name="生育收养", actor=None)
    login_as(sysadmin)

    client.post(
        f"{THEMES}{theme.pk}/change/",
        {"code": "CHANGED", "audience": "person", "name": "生育", "sort_order": 2},
    )

    theme.refresh_from_db()
    assert (theme.code, theme.name, theme.sort_order) == ("P01", "生育", 2)


@pytest.mark.parametrize("persona", ["auditadmin", "officer"])
def test_others_cannot_change_themes(client, login_as, request, district, persona):
    theme = do_create_theme(code="P01", audience="person", name="生育收养", actor=None)
    login_as(request.getfixturevalue(persona))

    response = client.post(
        f"{THEMES}{theme.pk}/change/", {"audience": "person", "name": "改", "sort_order": 0}
    )

    assert response.status_code in (302, 403)
    theme.refresh_from_db()
    assert theme.name == "生育收养"
