"""The configuration check of a merged form and a guide, the publishing it guards, and its admin pages."""

import pytest
from django.core.exceptions import ValidationError

from conftest import login
from yiwang.bundles.actions import do_create_bundle, do_publish_bundle
from yiwang.bundles.configuration import check_bundle
from yiwang.bundles.demo_bundles import DEATH
from yiwang.bundles.models import Bundle, BundleItem, FieldMapping, GuideRule
from yiwang.bundles.savings import bundle_savings, savings_by_bundle, savings_overall
from yiwang.bundles.tests.world import DEATH_ANSWERS, RESTAURANT_ANSWERS, RESTAURANT_GUIDE, submit

pytestmark = pytest.mark.usefixtures("demo_bundles")


def death_spec(**changes):
    spec = {**DEATH, "slug": "death-copy", **changes}
    return spec


def code_of(bundle, name):
    return next(
        bi.item.implementation_code for bi in bundle.items.select_related("item__current") if bi.name == name
    )


def test_an_uncovered_required_field_is_named_by_item_and_field(english_messages):
    items = [
        dict(DEATH["items"][0], map={k: v for k, v in DEATH["items"][0]["map"].items() if k != "death_date"}),
        DEATH["items"][1],
    ]
    bundle = do_create_bundle(death_spec(items=items), actor=None)
    errors = check_bundle(bundle)
    key = f"{code_of(bundle, '死亡注销户口')}/death_date"
    assert list(errors) == [key]
    assert "not covered" in errors[key]
    with pytest.raises(ValidationError) as refused:
        do_publish_bundle(bundle, actor=None)
    assert key in refused.value.message_dict
    assert not Bundle.objects.get(pk=bundle.pk).published


def test_mappings_must_name_real_fields_of_matching_kinds(english_messages):
    bundle = do_create_bundle(death_spec(), actor=None)
    deregistration = bundle.items.get(item__current__name="死亡注销户口")
    code = deregistration.item.implementation_code
    deregistration.mappings.create(item_field="no_such_field", bundle_field=bundle.fields.get(key="relation"))
    FieldMapping.objects.filter(bundle_item=deregistration, item_field="deceased_id").update(
        bundle_field=bundle.fields.get(key="death_date")
    )  # a date into an ID number
    FieldMapping.objects.filter(bundle_item=deregistration, item_field="relation").update(
        bundle_field=None, fixed_value="邻居"
    )  # not one of the choices
    errors = check_bundle(bundle)
    assert "no form field" in errors[f"{code}/no_such_field"]
    assert "expects" in errors[f"{code}/deceased_id"]
    assert f"{code}/relation" in errors


def test_feeding_needs_an_item_to_wait_for_and_no_circle(english_messages):
    bundle = do_create_bundle(death_spec(), actor=None)
    first, second = bundle.items.all()
    second.mappings.create(item_field="name", fed_from="answers.deceased_name")
    errors = check_bundle(bundle)
    assert "Only an item that waits" in errors[f"{second.item.implementation_code}/name"]
    BundleItem.objects.filter(pk=first.pk).update(waits_for=second)
    BundleItem.objects.filter(pk=second.pk).update(waits_for=first)
    errors = check_bundle(bundle)
    assert "circle" in errors[first.item.implementation_code]


def test_a_guide_rule_must_name_something_real(english_messages):
    bundle = Bundle.objects.get(slug="restaurant")
    option = bundle.guide.questions.get(key="sign").options.get(value="yes")
    rule = GuideRule.objects.create(
        guide=bundle.guide, option=option, effect=GuideRule.EXCLUDE, material="经营场所使用证明"
    )  # required: cannot be left out
    other = GuideRule.objects.create(
        guide=bundle.guide, option=option, effect=GuideRule.INCLUDE, material="天书"
    )
    errors = check_bundle(bundle)
    assert "cannot be left out" in errors[f"guide/rule-{rule.pk}"]
    assert "No item here asks" in errors[f"guide/rule-{other.pk}"]


def test_savings_for_the_dashboard():
    restaurant = Bundle.objects.get(slug="restaurant")
    saved = bundle_savings(restaurant)
    assert saved["separate_days"] == 3 + 5 + 5 and saved["days"] == 13 - 5
    assert saved["fields"] == saved["separate_fields"] - restaurant.fields.count() > 0
    assert savings_overall() == {"cases": 0, "days": 0, "fields": 0, "visits": 0}


def test_savings_count_only_the_items_a_case_applied_for(li_wei):
    submit("restaurant", li_wei, RESTAURANT_ANSWERS, RESTAURANT_GUIDE)  # no sign: two items
    submit("after-death", li_wei, DEATH_ANSWERS)
    rows = {row["bundle"].slug: row for row in savings_by_bundle()}
    assert rows["restaurant"]["cases"] == 1
    assert rows["restaurant"]["days"] == (3 + 5) - 5
    assert rows["after-death"]["days"] == 0  # both on the spot, as the bundle
    assert rows["after-death"]["fields"] == (7 + 6) - 4
    overall = savings_overall()
    assert overall["cases"] == 2 and overall["fields"] == rows["restaurant"]["fields"] + 9


# Admin -------------------------------------------------------------------------------------------


def test_admin_shows_the_check_and_refuses_to_publish_a_broken_bundle(client, sysadmin):
    bundle = do_create_bundle(death_spec(items=DEATH["items"][:1]), actor=None)
    login(client, sysadmin)
    page = client.get(f"/admin/bundles/bundle/{bundle.pk}/change/").content.decode()
    assert "at least two service items" in page or "至少" in page
    response = client.post(
        "/admin/bundles/bundle/", {"action": "publish", "_selected_action": [bundle.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not Bundle.objects.get(pk=bundle.pk).published
    assert client.get("/admin/bundles/guide/").status_code == 200
    item = bundle.items.first()
    assert client.get(f"/admin/bundles/bundleitem/{item.pk}/change/").status_code == 200


def test_admin_is_closed_to_citizens_and_officers(client, li_wei, officer):
    for user in (li_wei, officer):
        login(client, user)
        response = client.get("/admin/bundles/bundle/")
        assert response.status_code in (302, 403)
        client.logout()
