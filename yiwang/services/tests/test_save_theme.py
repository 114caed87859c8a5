"""Theme actions: add or change a theme, record the change, refuse bad input."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services.actions import do_change_theme, do_create_theme
from yiwang.services.models import Theme

pytestmark = pytest.mark.django_db


def theme_events():
    return Event.objects.filter(code=EventCode.THEME_CHANGED).count()


def test_a_new_theme_is_added_with_an_event():
    theme = do_create_theme(
        code="p-birth",
        audience="person",
        name="生育收养",
        name_en="Birth and adoption",
        sort_order=1,
        actor=None,
    )

    assert Theme.objects.get(code="p-birth") == theme and theme.name_en == "Birth and adoption"
    assert theme_events() == 1


def test_a_code_in_use_is_refused():
    do_create_theme(code="p-birth", audience="person", name="生育收养", actor=None)

    with pytest.raises(ValidationError):
        do_create_theme(code="p-birth", audience="person", name="出生", actor=None)

    assert theme_events() == 1


def test_a_changed_theme_keeps_its_code(sysadmin):
    theme = do_create_theme(code="e-start", audience="enterprise", name="开办企业", actor=None)

    do_change_theme(theme, name="设立变更", sort_order=2, actor=sysadmin)

    theme = Theme.objects.get(code="e-start")
    assert (theme.name, theme.sort_order) == ("设立变更", 2)
    assert Event.objects.filter(code=EventCode.THEME_CHANGED, actor=sysadmin).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"audience": "martians"},
        {"name": "  "},
        {"code": ""},
        {"code": "x" * 21},
        {"sort_order": -1},
        {"sort_order": "first"},
    ],
)
def test_bad_input_is_refused_and_nothing_changes(changes):
    do_create_theme(code="p-birth", audience="person", name="生育收养", actor=None)
    values = {"code": "p-new", "audience": "person", "name": "户籍办理"} | changes

    with pytest.raises(ValidationError):
        do_create_theme(**values, actor=None)

    assert list(Theme.objects.values_list("code", "audience", "name", "sort_order")) == [
        ("p-birth", "person", "生育收养", 0)
    ]
    assert theme_events() == 1
