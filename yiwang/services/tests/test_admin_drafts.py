"""/admin/services/serviceitemversion/: a draft is edited with its materials, form fields and steps as one spec;
published and retired versions are read-only."""

import pytest

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services.actions import do_draft_version, spec_of
from yiwang.services.models import ServiceItemVersion

VERSIONS = "/admin/services/serviceitemversion/"


def page_data(response):
    """What the browser would post back for the page as drawn: the form and every inline row."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [getattr(v, "pk", v) for v in value]
            else:
                data[key] = getattr(value, "pk", value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:  # the blank rows too, as drawn
            add(form)
    return data


def set_row(data, prefix, index, **values):
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


@pytest.fixture
def draft(sole_trader_item, sysadmin):
    return do_draft_version(sole_trader_item, actor=sysadmin)


@pytest.fixture
def editing(client, login_as, sysadmin, draft):
    login_as(sysadmin)
    response = client.get(f"{VERSIONS}{draft.pk}/change/")
    assert response.status_code == 200
    return page_data(response)


def test_saving_the_page_unchanged_keeps_the_spec(client, draft, editing):
    before = spec_of(draft)

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert spec_of(ServiceItemVersion.objects.get(pk=draft.pk)) == before
    assert Event.objects.filter(code=EventCode.ITEM_VERSION_CHANGED).exists()


def test_fields_and_inline_rows_are_saved_together_through_the_action(client, sysadmin, draft, editing):
    editing["promised_limit"] = 2
    editing["summary"] = "第一行\r\n第二行"
    set_row(editing, "materials", 1, copies=3)
    set_row(editing, "form_fields", 4, choices="餐饮服务\r\n零售")
    editing["steps-TOTAL_FORMS"] = 3
    set_row(editing, "steps", 2, sort_order=5, name="送达", role="window_clerk")
    editing["steps-0-DELETE"] = "on"

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 302
    spec = spec_of(ServiceItemVersion.objects.get(pk=draft.pk))
    assert spec["promised_limit"] == 2 and spec["summary"] == "第一行\n第二行"
    assert spec["materials"][1]["copies"] == 3
    assert spec["form_fields"][4]["choices"] == ["餐饮服务", "零售"]
    assert [(s["name"], s["role"]) for s in spec["steps"]] == [
        ("决定", "department_head"),
        ("送达", "window_clerk"),
    ]
    event = Event.objects.filter(code=EventCode.ITEM_VERSION_CHANGED).latest("pk")
    assert event.actor == sysadmin


def test_rows_are_saved_in_their_order(client, draft, editing):
    set_row(editing, "steps", 0, sort_order=9)

    client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert [s.name for s in ServiceItemVersion.objects.get(pk=draft.pk).steps.all()] == ["决定", "审查"]


def test_a_refusal_is_shown_on_its_field_and_nothing_changes(client, draft, editing):
    editing["visits"] = 2  # an item handled fully online needs no visit

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 200
    assert "visits" in response.context["adminform"].form.errors
    assert ServiceItemVersion.objects.get(pk=draft.pk).visits == 0


def test_a_refusal_of_an_inline_row_is_shown_on_that_row(client, draft, editing):
    set_row(editing, "form_fields", 1, key="operator_name")  # the key of row 0 again

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 200
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert "key" in formsets["form_fields"].forms[1].errors
    assert not formsets["form_fields"].forms[0].errors
    assert [f.key for f in ServiceItemVersion.objects.get(pk=draft.pk).form_fields.all()][1] == "operator_id"


def test_a_list_level_refusal_is_shown_above_its_table(client, draft, editing):
    editing["steps-0-DELETE"] = editing["steps-1-DELETE"] = "on"  # a promised item needs a review step

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert formsets["steps"].non_form_errors()
    assert ServiceItemVersion.objects.get(pk=draft.pk).steps.count() == 2


def test_a_form_error_of_one_row_stops_the_save(client, draft, editing):
    set_row(editing, "materials", 0, source="mail")
    editing["name"] = "新名称"

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 200
    assert ServiceItemVersion.objects.get(pk=draft.pk).name == "个体工商户设立登记"


def test_a_published_version_is_read_only(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)
    version = sole_trader_item.current

    response = client.get(f"{VERSIONS}{version.pk}/change/")

    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()
    assert client.post(f"{VERSIONS}{version.pk}/change/", {"name": "改名"}).status_code == 403
    assert ServiceItemVersion.objects.get(pk=version.pk).name == "个体工商户设立登记"


def test_publish_selected_drafts_from_the_version_list(client, sysadmin, draft, editing):
    client.post(VERSIONS, {"action": "publish", "_selected_action": [draft.pk, draft.item.current_id]})

    draft.refresh_from_db()
    assert draft.status == ServiceItemVersion.PUBLISHED
    assert Event.objects.filter(code=EventCode.ITEM_VERSION_PUBLISHED, actor=sysadmin).count() == 1


def test_the_audit_administrator_sees_a_draft_but_cannot_change_it(client, login_as, auditadmin, draft):
    login_as(auditadmin)

    response = client.get(f"{VERSIONS}{draft.pk}/change/")

    assert response.status_code == 200 and 'name="name"' not in response.content.decode()
    assert client.post(f"{VERSIONS}{draft.pk}/change/", {"name": "改名"}).status_code == 403
    client.post(VERSIONS, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == ServiceItemVersion.DRAFT and draft.name == "个体工商户设立登记"


@pytest.mark.parametrize("persona", ["officer", "li_wei", "secadmin"])
def test_outsiders_cannot_edit_drafts(client, login_as, request, persona, draft):
    login_as(request.getfixturevalue(persona))

    assert client.get(f"{VERSIONS}{draft.pk}/change/").status_code in (302, 403)
    assert client.post(f"{VERSIONS}{draft.pk}/change/", {"name": "改名"}).status_code in (302, 403)
    assert ServiceItemVersion.objects.get(pk=draft.pk).name == "个体工商户设立登记"


def test_versions_cannot_be_added_or_deleted_here(client, login_as, sysadmin, draft):
    login_as(sysadmin)

    assert client.get(f"{VERSIONS}add/").status_code == 403
    assert client.get(f"{VERSIONS}{draft.pk}/delete/").status_code == 403


def test_a_deleted_row_with_bad_values_does_not_stop_the_save(client, draft, editing):
    set_row(editing, "materials", 0, source="mail", DELETE="on")

    response = client.post(f"{VERSIONS}{draft.pk}/change/", editing)

    assert response.status_code == 302
    assert [m.name for m in ServiceItemVersion.objects.get(pk=draft.pk).materials.all()] == [
        "经营场所使用证明"
    ]
