"""do_create_department / do_change_department: the shape of the tree, paths and codes."""

import pytest
from django.core.exceptions import ValidationError

from yiwang.accounts.actions import do_change_department, do_create_department
from yiwang.accounts.models import Department
from yiwang.core.events import EventCode
from yiwang.core.identifiers import make_credit_code
from yiwang.core.models import Event


def create(code, kind, parent, actor=None, **fields):
    return do_create_department(
        code=code, name=f"单位{code}", kind=kind, parent=parent, actor=actor, **fields
    )


def test_unit_is_created_under_its_department_with_a_path_and_an_event(sysadmin, department):
    parent = department("04")

    unit = create("U1", Department.UNIT, parent, actor=sysadmin)

    assert unit.path == f"{parent.path}{unit.pk}/"
    assert unit in parent.descendants()
    event = Event.objects.get(code=EventCode.DEPARTMENT_CREATED, object_id=str(unit.pk))
    assert event.actor == sysadmin
    assert event.payload["kind"] == "unit"


@pytest.mark.parametrize(
    ("kind", "parent_code"),
    [
        (Department.DISTRICT, "500103"),
        (Department.DEPARTMENT, None),
        (Department.DEPARTMENT, "500103-04"),
        (Department.UNIT, "500103"),
        (Department.UNIT, "500103-S01"),
        (Department.STREET, "500103-04"),
        (Department.COMMUNITY, "500103"),
        (Department.COMMUNITY, "500103-04"),
        ("ministry", "500103"),
    ],
)
def test_kind_must_fit_under_its_parent(district, kind, parent_code):
    parent = Department.objects.get(code=parent_code) if parent_code else None
    before = (Department.objects.count(), Event.objects.count())

    with pytest.raises(ValidationError) as refused:
        create("X1", kind, parent)

    assert "parent" in refused.value.message_dict
    assert (Department.objects.count(), Event.objects.count()) == before


def test_unit_may_sit_under_a_unit(district, department):
    outer = create("U1", Department.UNIT, department("04"))

    inner = create("U2", Department.UNIT, outer)

    assert inner.path.startswith(outer.path)


def test_code_must_be_unique(district, department):
    before = Department.objects.count()

    with pytest.raises(ValidationError) as refused:
        create("500103-04", Department.UNIT, department("04"))

    assert "code" in refused.value.message_dict
    assert Department.objects.count() == before


def test_bad_credit_code_is_refused(district, department):
    with pytest.raises(ValidationError) as refused:
        create("U1", Department.UNIT, department("04"), credit_code="91110000600037341A")

    assert "credit_code" in refused.value.message_dict
    assert not Department.objects.filter(code="U1").exists()


def test_credit_code_is_stored_normalised(district, department):
    code = make_credit_code("91110000600037341")

    unit = create("U1", Department.UNIT, department("04"), credit_code=code.lower())

    assert unit.credit_code == code


def test_move_carries_the_whole_subtree(district, sysadmin, department):
    old_parent, new_parent = department("04"), department("05")
    outer = create("U1", Department.UNIT, old_parent)
    inner = create("U2", Department.UNIT, outer)
    innermost = create("U3", Department.UNIT, inner)

    do_change_department(outer, actor=sysadmin, parent=new_parent)

    for node in (outer, inner, innermost):
        node.refresh_from_db()
    assert outer.path == f"{new_parent.path}{outer.pk}/"
    assert inner.path == f"{outer.path}{inner.pk}/"
    assert innermost.path == f"{inner.path}{innermost.pk}/"
    assert set(new_parent.descendants(include_self=False)) == {outer, inner, innermost}
    assert not old_parent.descendants(include_self=False).exists()
    event = Event.objects.get(code=EventCode.DEPARTMENT_CHANGED)
    assert event.actor == sysadmin
    assert event.payload == {"parent": "500103-05"}


def test_move_under_its_own_descendant_is_refused(district, department):
    outer = create("U1", Department.UNIT, department("04"))
    inner = create("U2", Department.UNIT, outer)
    path = outer.path

    with pytest.raises(ValidationError) as refused:
        do_change_department(outer, actor=None, parent=inner)

    outer.refresh_from_db()
    assert "parent" in refused.value.message_dict
    assert outer.path == path
    assert outer.parent == department("04")


def test_move_to_a_parent_of_the_wrong_kind_is_refused(district, department):
    unit = create("U1", Department.UNIT, department("04"))

    with pytest.raises(ValidationError):
        do_change_department(unit, actor=None, parent=Department.objects.get(code="500103-S01"))

    unit.refresh_from_db()
    assert unit.parent == department("04")


def test_code_change_to_a_taken_code_is_refused(district, department):
    unit = create("U1", Department.UNIT, department("04"))

    with pytest.raises(ValidationError) as refused:
        do_change_department(unit, actor=None, code="500103-05")

    assert "code" in refused.value.message_dict
    unit.refresh_from_db()
    assert unit.code == "U1"


def test_rename_keeps_the_path(district, department):
    unit = create("U1", Department.UNIT, department("04"))
    path = unit.path

    do_change_department(unit, actor=None, name="登记科", code="U1B")

    unit.refresh_from_db()
    assert (unit.name, unit.code, unit.path) == ("登记科", "U1B", path)


def test_kind_cannot_be_changed(district, department):
    unit = create("U1", Department.UNIT, department("04"))

    with pytest.raises(ValidationError):
        do_change_department(unit, actor=None, kind=Department.DEPARTMENT)

    unit.refresh_from_db()
    assert unit.kind == Department.UNIT
