"""Recommendations in the personal centre: shown with their reason and a link to the item, from the
profile and past cases; switched off (and on) by the citizen; never about anybody else."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import login
from yiwang.benefits.actions import do_save_recommendation_rule, do_switch_recommendations
from yiwang.benefits.models import RecommendationOptOut
from yiwang.benefits.recommendations import recommendations_for
from yiwang.benefits.tests.world import BIRTH_CODE, finished_birth_case, publish, years_ago
from yiwang.core.events import EventCode
from yiwang.core.models import Event


@pytest.fixture
def rules(district, birth_item):
    card = publish("11500103MB0000005X200006", "05", "社会保障卡申领", item_type="20")
    retire = publish("11500103MB0000005X070005", "05", "职工退休申请", item_type="07")
    do_save_recommendation_rule(
        code="child-6-months",
        name="孩子满6个月",
        audience="person",
        item=card,
        actor=None,
        condition=[
            {"source": "case", "item": BIRTH_CODE, "field": "days_since_finished", "op": "gte", "value": 180}
        ],
        reason="您的孩子满6个月，可以办理{item}。",
    )
    do_save_recommendation_rule(
        code="turning-60",
        name="年满60周岁",
        audience="person",
        item=retire,
        actor=None,
        condition=[
            {"source": "person", "field": "age", "op": "eq", "value": 59},
            {"source": "person", "field": "days_to_birthday", "op": "lte", "value": 31},
        ],
        reason="您将于下月年满60周岁，可以办理{item}。",
    )
    return card, retire


def test_a_child_six_months_old_brings_the_recommendation_with_its_reason(li_wei, rules, birth_item):
    card, _retire = rules
    finished_birth_case(li_wei, birth_item)
    person = li_wei.person
    assert recommendations_for(person, "person") == []
    later = timezone.localdate() + datetime.timedelta(days=180)
    [shown] = recommendations_for(person, "person", today=later)
    assert shown["item"] == card and shown["reason"] == "您的孩子满6个月，可以办理社会保障卡申领。"


def test_turning_60_next_month(district, rules):
    from yiwang.benefits.tests.world import resident

    today = datetime.date(2026, 11, 26)
    soon = resident(datetime.date(1966, 12, 20))
    later = resident(datetime.date(1967, 1, 20))
    assert [r["reason"] for r in recommendations_for(soon, "person", today)] == [
        "您将于下月年满60周岁，可以办理职工退休申请。"
    ]
    assert recommendations_for(later, "person", today) == []


def test_the_centre_shows_recommendations_and_they_can_be_switched_off_and_on(
    client, li_wei, wang_fang, rules
):
    from yiwang.accounts.models import Person

    _card, retire = rules
    Person.objects.filter(pk=li_wei.person.pk).update(birth_date=years_ago(60, days=15))
    login(client, li_wei)
    page = client.get("/me/").content.decode()
    assert "可以办理职工退休申请" in page and f"/services/{retire.code}/" in page
    response = client.post("/me/benefits/recommendations/", {"on": "0"})
    assert response.status_code == 302 and response.url == "/me/"
    assert RecommendationOptOut.objects.filter(user=li_wei).exists()
    assert "可以办理职工退休申请" not in client.get("/me/").content.decode()
    client.post("/me/benefits/recommendations/", {"on": "1"})
    assert "可以办理职工退休申请" in client.get("/me/").content.decode()
    assert list(
        Event.objects.filter(code=EventCode.RECOMMENDATIONS_SWITCHED)
        .values_list("payload__on", flat=True)
        .order_by("id")
    ) == [False, True]
    # Wang Fang's centre says nothing about Li Wei
    login(client, wang_fang)
    assert "职工退休申请" not in client.get("/me/").content.decode()


def test_switching_twice_the_same_way_changes_nothing(li_wei):
    assert do_switch_recommendations(li_wei, on=False, actor=li_wei)
    assert not do_switch_recommendations(li_wei, on=False, actor=li_wei)
    assert Event.objects.filter(code=EventCode.RECOMMENDATIONS_SWITCHED).count() == 1


def test_switching_needs_a_login_and_a_post(client, li_wei):
    response = client.post("/me/benefits/recommendations/", {"on": "0"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    login(client, li_wei)
    assert client.get("/me/benefits/recommendations/").status_code == 405
    assert not RecommendationOptOut.objects.exists()


def test_a_malformed_switch_value_means_off(client, li_wei):
    login(client, li_wei)
    client.post("/me/benefits/recommendations/", {"on": "\x00<script>"})
    assert RecommendationOptOut.objects.filter(user=li_wei).exists()


def test_a_rule_needs_a_reason_and_a_well_formed_condition(rules, english_messages):
    card, _ = rules
    with pytest.raises(ValidationError) as error:
        do_save_recommendation_rule(
            code="x", name="x", audience="person", item=card, condition=[{"op": "gte"}], reason="", actor=None
        )
    assert set(error.value.message_dict) == {"condition"}
    with pytest.raises(ValidationError) as error:
        do_save_recommendation_rule(
            code="x", name="x", audience="person", item=card, condition=[], reason=" ", actor=None
        )
    assert set(error.value.message_dict) == {"reason"}


def test_the_centre_reads_all_rules_in_a_few_queries(client, li_wei, rules, django_assert_max_num_queries):
    login(client, li_wei)
    client.get("/me/")
    with django_assert_max_num_queries(30):
        assert client.get("/me/").status_code == 200
