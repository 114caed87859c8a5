"""Rules are edited in admin by the system administrator; a malformed condition is refused on the
form and nothing is saved; the audit administrator only reads."""

import json

from conftest import login
from yiwang.benefits.models import BenefitRule
from yiwang.benefits.tests.world import ALLOWANCE_CODE


def form(item, condition, **extra):
    return {
        "code": "elderly-allowance",
        "name": "高龄津贴",
        "audience": "person",
        "item": item.pk,
        "condition": condition,
        "amount": "100",
        "grant_description": "津贴",
        "is_active": "on",
        **extra,
    }


def test_the_system_administrator_adds_a_rule(client, sysadmin, allowance_item):
    login(client, sysadmin)
    condition = json.dumps([{"source": "person", "field": "age", "op": "gte", "value": 80}])
    response = client.post("/admin/benefits/benefitrule/add/", form(allowance_item, condition))
    assert response.status_code == 302
    assert BenefitRule.objects.get().condition[0]["value"] == 80


def test_a_malformed_condition_is_shown_on_the_form(client, sysadmin, allowance_item, english):
    login(client, sysadmin)
    for condition, message in [
        ('[{"source": "person", "field": "age", "op": "~", "value": 80}]', "Condition 1: unknown operator"),
        ("age >= 80", "Enter a valid JSON."),
    ]:
        page = client.post("/admin/benefits/benefitrule/add/", form(allowance_item, condition))
        assert page.status_code == 200 and message in page.content.decode()
    assert not BenefitRule.objects.exists()


def test_the_audit_administrator_reads_but_does_not_add(client, auditadmin, allowance_item):
    login(client, auditadmin)
    assert client.get("/admin/benefits/benefitrule/").status_code == 200
    assert client.get("/admin/benefits/benefitrun/").status_code == 200
    assert client.post("/admin/benefits/benefitrule/add/", form(allowance_item, "[]")).status_code == 403
    assert not BenefitRule.objects.exists()


def test_a_citizen_is_sent_to_log_in_and_adds_nothing(client, li_wei, allowance_item):
    login(client, li_wei)
    response = client.post("/admin/benefits/benefitrule/add/", form(allowance_item, "[]"))
    assert response.status_code == 302 and not BenefitRule.objects.exists()
    assert ALLOWANCE_CODE == allowance_item.implementation_code
