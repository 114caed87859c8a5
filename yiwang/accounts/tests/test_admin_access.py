"""/admin/: open to the three administrators only, each seeing the models of their own duty."""

import pytest


def visible_models(response):
    return {
        (app["app_label"], model["object_name"])
        for app in response.context["app_list"]
        for model in app["models"]
    }


def test_outsider_is_sent_to_our_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["li_wei", "officer", "clerk", "supervisor", "steward"])
def test_citizens_and_ordinary_staff_have_no_access(client, login_as, request, persona):
    login_as(request.getfixturevalue(persona))

    for url in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/core/event/",
        "/admin/accounts/department/add/",
        "/admin/services/serviceitem/",
        "/admin/services/serviceitem/exchange/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_system_administrator_sees_departments_staff_calendar_and_catalogue(client, login_as, sysadmin):
    login_as(sysadmin)

    response = client.get("/admin/")

    assert visible_models(response) == {
        ("accounts", "Department"),
        ("accounts", "User"),
        ("accounts", "RoleAssignment"),
        ("core", "CalendarYear"),
        ("core", "CalendarDay"),
        ("services", "ServiceItem"),
        ("services", "ServiceItemVersion"),
        ("services", "Theme"),
        ("core", "CalendarYear"),
        ("core", "CalendarDay"),
        ("hotline", "Category"),
        ("hotline", "TrainingExample"),
        ("bundles", "Bundle"),
        ("bundles", "Guide"),
        ("services", "LifeEvent"),
        ("benefits", "RecommendationRule"),
        ("benefits", "BenefitRule"),
        ("benefits", "BenefitRun"),
        ("benefits", "BenefitGrant"),
        ("datahub", "DataElement"),
        ("datahub", "Resource"),
    }


def test_security_administrator_sees_roles_tokens_accounts_and_events(client, login_as, secadmin):
    login_as(secadmin)

    response = client.get("/admin/")

    assert visible_models(response) == {
        ("accounts", "Department"),
        ("accounts", "User"),
        ("accounts", "RoleAssignment"),
        ("accounts", "ApiToken"),
        ("core", "Event"),
        ("hotline", "Open311Client"),
    }


def test_audit_administrator_sees_everything_to_read(client, login_as, auditadmin):
    login_as(auditadmin)

    response = client.get("/admin/")

    assert visible_models(response) == {
        ("accounts", "Department"),
        ("accounts", "User"),
        ("accounts", "RoleAssignment"),
        ("accounts", "ApiToken"),
        ("core", "CalendarYear"),
        ("core", "CalendarDay"),
        ("core", "Event"),
        ("notify", "Notification"),
        ("services", "ServiceItem"),
        ("services", "ServiceItemVersion"),
        ("services", "Theme"),
        ("notify", "Notification"),
        ("hotline", "Category"),
        ("hotline", "Open311Client"),
        ("hotline", "TrainingExample"),
        ("bundles", "Bundle"),
        ("bundles", "Guide"),
        ("services", "LifeEvent"),
        ("benefits", "RecommendationRule"),
        ("benefits", "BenefitRule"),
        ("benefits", "BenefitRun"),
        ("benefits", "BenefitGrant"),
        ("hotline", "TrainingExample"),
        ("datahub", "DataElement"),
        ("datahub", "Resource"),
    }
    for app in response.context["app_list"]:
        for model in app["models"]:
            assert not model["perms"]["add"] and not model["perms"]["change"] and not model["perms"]["delete"]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("sysadmin", "/admin/accounts/roleassignment/add/"),
        ("sysadmin", "/admin/core/event/"),
        ("sysadmin", "/admin/accounts/apitoken/"),
        ("secadmin", "/admin/accounts/department/add/"),
        ("secadmin", "/admin/accounts/user/add/"),
        ("secadmin", "/admin/core/calendaryear/"),
        ("secadmin", "/admin/services/serviceitem/"),
        ("secadmin", "/admin/services/serviceitem/exchange/"),
        ("auditadmin", "/admin/accounts/department/add/"),
        ("auditadmin", "/admin/accounts/user/add/"),
        ("auditadmin", "/admin/accounts/roleassignment/add/"),
        ("auditadmin", "/admin/core/calendaryear/add/"),
        ("auditadmin", "/admin/core/calendarday/add/"),
        ("auditadmin", "/admin/core/event/add/"),
        ("auditadmin", "/admin/services/serviceitem/add/"),
        ("auditadmin", "/admin/services/theme/add/"),
    ],
)
def test_administrator_cannot_open_pages_of_another_duty(client, login_as, request, persona, url):
    login_as(request.getfixturevalue(persona))

    assert client.get(url).status_code == 403


def test_admin_pages_also_need_the_second_factor(client, sysadmin):
    client.force_login(sysadmin, backend="yiwang.accounts.backends.IdentifierBackend")

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
