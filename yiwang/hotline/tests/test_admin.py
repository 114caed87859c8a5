"""The category → department mapping is changed in the admin by the system administrator, through an action."""

from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.hotline.tests.conftest import department


def test_system_administrator_maps_a_category_to_another_department(client, login_as, sysadmin, categories):
    category = categories["商贸旅游"]
    login_as(sysadmin)
    response = client.post(
        f"/admin/hotline/category/{category.pk}/change/",
        {
            "code": category.code,
            "name": category.name,
            "description": category.description,
            "department": department("14").pk,
            "keywords": "",
            "is_active": "on",
            "sort_order": 4,
        },
    )

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.department == department("14")
    assert Event.objects.filter(code=EventCode.TICKET_CATEGORY_CHANGED, actor=sysadmin).exists()


def test_mapping_to_the_district_is_refused(client, login_as, sysadmin, categories, district):
    category = categories["商贸旅游"]
    login_as(sysadmin)
    response = client.post(
        f"/admin/hotline/category/{category.pk}/change/",
        {
            "code": category.code,
            "name": category.name,
            "department": district.pk,
            "is_active": "on",
            "sort_order": 4,
        },
    )

    assert response.status_code == 200
    category.refresh_from_db()
    assert category.department == department("04")


def test_audit_administrator_only_reads(client, login_as, auditadmin, categories):
    login_as(auditadmin)
    category = categories["商贸旅游"]

    assert client.get("/admin/hotline/category/").status_code == 200
    client.post(f"/admin/hotline/category/{category.pk}/change/", {"code": "x", "name": "y", "sort_order": 1})
    category.refresh_from_db()
    assert category.code == "commerce-tourism"
