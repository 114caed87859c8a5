"""/admin/services/serviceitem/: the system administrator lists, adds, versions, publishes and withdraws items."""

import pytest

from conftest import department, item_spec
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services.actions import do_create_item, do_draft_version, do_publish_version
from yiwang.services.models import ServiceItem, ServiceItemVersion

LIST = "/admin/services/serviceitem/"


def act(client, action, *items):
    return client.post(LIST, {"action": action, "_selected_action": [item.pk for item in items]}, follow=True)


def test_the_list_shows_code_name_department_version_and_status(client, login_as, sysadmin, sole_trader_item):
    do_draft_version(sole_trader_item, actor=sysadmin)
    login_as(sysadmin)

    response = client.get(LIST)

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "11500103MB0000004X017001" in page and "个体工商户设立登记" in page and "渝中区市场监督管理局" in page
    )
    assert "v2" in page  # the draft waiting


def test_the_list_takes_a_bounded_number_of_queries(
    client, login_as, sysadmin, sole_trader_item, django_assert_max_num_queries
):
    for n in range(15):
        version = do_create_item(
            implementation_code=f"Q{n}", department=department("04"), spec=item_spec(), actor=None
        )
        do_publish_version(version, actor=None)
    login_as(sysadmin)

    with django_assert_max_num_queries(16):
        assert client.get(LIST).status_code == 200


def test_search_by_name_and_filter_by_department(client, login_as, sysadmin, sole_trader_item):
    other = do_create_item(
        implementation_code="HR1", department=department("05"), actor=None, spec=item_spec(name="失业登记")
    )
    login_as(sysadmin)

    assert client.get(LIST, {"q": "失业"}).context["cl"].result_count == 1
    assert (
        client.get(LIST, {"department": str(department("05").pk)}).context["cl"].result_list[0] == other.item
    )
    assert client.get(LIST, {"department": "x' or 1=1"}).status_code == 200


def test_adding_an_item_creates_a_first_draft_and_opens_it(client, login_as, sysadmin, district):
    login_as(sysadmin)

    response = client.post(
        f"{LIST}add/",
        {
            "implementation_code": "11500103mb0000004x099001",
            "basic_code": "",
            "department": department("04").pk,
            "name": "户外广告设置许可",
            "item_type": "01",
            "service_objects": ["2"],
            "handling_forms": ["1", "2"],
        },
    )

    item = ServiceItem.objects.get()
    draft = item.versions.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/services/serviceitemversion/{draft.pk}/change/"
    assert item.implementation_code == "11500103MB0000004X099001" and draft.status == ServiceItemVersion.DRAFT
    assert Event.objects.filter(code=EventCode.ITEM_CREATED, actor=sysadmin).exists()


def test_adding_an_item_with_a_code_in_use_shows_the_error(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)

    response = client.post(
        f"{LIST}add/",
        {
            "implementation_code": sole_trader_item.implementation_code,
            "department": department("04").pk,
            "name": "x",
            "item_type": "01",
            "service_objects": ["2"],
            "handling_forms": ["1"],
        },
    )

    assert response.status_code == 200
    assert "implementation_code" in response.context["adminform"].form.errors
    assert ServiceItem.objects.count() == 1


def test_start_a_new_version(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)

    act(client, "start_new_version", sole_trader_item)

    assert sole_trader_item.versions.get(status=ServiceItemVersion.DRAFT).number == 2
    assert Event.objects.filter(code=EventCode.ITEM_VERSION_DRAFTED, actor=sysadmin).exists()


def test_publish_the_drafts(client, login_as, sysadmin, sole_trader_item):
    draft = do_draft_version(sole_trader_item, actor=sysadmin)
    login_as(sysadmin)

    act(client, "publish_drafts", sole_trader_item)

    sole_trader_item.refresh_from_db()
    assert sole_trader_item.current == draft
    assert sole_trader_item.versions.get(number=1).status == ServiceItemVersion.RETIRED


def test_publishing_without_a_draft_says_so(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)

    response = act(client, "publish_drafts", sole_trader_item)

    assert sole_trader_item.versions.count() == 1
    assert len(list(response.context["messages"])) == 1


def test_withdraw_from_the_catalogue(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)

    act(client, "withdraw", sole_trader_item)

    sole_trader_item.refresh_from_db()
    assert sole_trader_item.current is None
    assert Event.objects.filter(code=EventCode.ITEM_WITHDRAWN, actor=sysadmin).exists()


def test_withdrawing_twice_is_refused_with_a_message(client, login_as, sysadmin, sole_trader_item):
    login_as(sysadmin)
    act(client, "withdraw", sole_trader_item)

    response = act(client, "withdraw", sole_trader_item)

    assert response.status_code == 200
    assert Event.objects.filter(code=EventCode.ITEM_WITHDRAWN).count() == 1


def test_the_item_page_lists_its_versions_without_a_save_button(client, login_as, sysadmin, sole_trader_item):
    do_draft_version(sole_trader_item, actor=sysadmin)
    login_as(sysadmin)

    response = client.get(f"{LIST}{sole_trader_item.pk}/change/")

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert "serviceitemversion" in response.content.decode()


def test_the_audit_administrator_reads_but_cannot_act(client, login_as, auditadmin, sole_trader_item):
    login_as(auditadmin)

    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}{sole_trader_item.pk}/change/").status_code == 200
    assert client.get(f"{LIST}add/").status_code == 403
    act(client, "withdraw", sole_trader_item)

    sole_trader_item.refresh_from_db()
    assert sole_trader_item.current_id is not None
    assert not Event.objects.filter(code=EventCode.ITEM_WITHDRAWN).exists()


@pytest.mark.parametrize("persona", ["officer", "clerk", "li_wei", "secadmin"])
def test_outsiders_cannot_touch_the_catalogue(client, login_as, request, persona, sole_trader_item):
    login_as(request.getfixturevalue(persona))

    for url in (LIST, f"{LIST}add/", f"{LIST}{sole_trader_item.pk}/change/"):
        assert client.get(url).status_code in (302, 403), url
    act(client, "withdraw", sole_trader_item)

    sole_trader_item.refresh_from_db()
    assert sole_trader_item.current_id is not None
