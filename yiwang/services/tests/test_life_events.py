"""Life-cycle navigation: the stages of life in order, each with its published items; configured
through one action (admin) that refuses unknown codes and names."""

import io

import pytest
from django.core.exceptions import ValidationError

from conftest import department, item_spec, login
from yiwang.core.events import EventCode
from yiwang.core.models import Event
from yiwang.services.actions import do_save_life_event, do_withdraw_item
from yiwang.services.models import LifeEvent


@pytest.fixture
def demo_catalogue(district):
    from yiwang.services.demo import seed

    seed(io.StringIO())


@pytest.fixture
def small_catalogue(district):
    """The demo themes and life events over five items (the whole demo catalogue takes long to load)."""
    from yiwang.services.actions import do_create_item, do_publish_version
    from yiwang.services.demo import seed_life_events, seed_themes

    seed_themes()
    for serial, (name, dept, themes, objects) in enumerate(
        [
            ("结婚登记", "06", ["p-marriage"], ["1"]),
            ("离婚登记", "06", ["p-marriage"], ["1"]),
            ("出生登记", "03", ["p-birth"], ["1"]),
            ("公司设立登记", "04", ["e-start"], ["2"]),
            ("公司变更登记", "04", ["e-start"], ["2"]),
        ],
        start=1,
    ):
        version = do_create_item(
            implementation_code=f"11500103MB00000{dept}X01{serial:04d}",
            department=department(dept),
            spec=item_spec(name=name, themes=themes, service_objects=objects),
            actor=None,
        )
        do_publish_version(version, actor=None)
    seed_life_events(io.StringIO())


def test_the_demo_builds_every_stage_from_the_catalogue(demo_catalogue):
    assert (
        list(LifeEvent.objects.filter(audience="person").values_list("code", flat=True))
        == LifeEvent.PERSON_CODES
    )
    assert (
        list(LifeEvent.objects.filter(audience="enterprise").values_list("code", flat=True))
        == LifeEvent.ENTERPRISE_CODES
    )
    names = {e.code: {i.current.name for i in e.items.all()} for e in LifeEvent.objects.all()}
    assert {"出生登记", "生育登记", "城乡居民基本医疗保险参保登记"} <= names["p-birth"]
    assert {"高龄津贴", "职工退休申请"} <= names["p-retirement"]
    assert {"公司设立登记", "食品经营许可（新办）"} <= names["e-start"] and "公司变更登记" not in names[
        "e-start"
    ]
    assert names["e-change"] == {"个体工商户变更登记", "公司变更登记", "食品经营许可（变更）"}
    assert all(names.values())


def test_the_pages_show_the_timeline_and_the_published_items_in_few_queries(
    client, small_catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        page = client.get("/services/life/")
    text = page.content.decode()
    assert page.status_code == 200
    stages = [text.index(f'href="#stage-{code}"') for code in LifeEvent.PERSON_CODES]
    assert stages == sorted(stages)
    assert "出生登记" in text and "e-start" not in text
    divorce = next(
        i for i in LifeEvent.objects.get(code="p-marriage").items.all() if i.current.name == "离婚登记"
    )
    assert f"/services/{divorce.code}/" in text
    do_withdraw_item(divorce, actor=None)
    assert f"/services/{divorce.code}/" not in client.get("/services/life/").content.decode()
    client.cookies["yiwang_language"] = "en"
    text = client.get("/services/life/enterprises/").content.decode()
    assert "Starting a business" in text and 'href="#stage-e-close"' in text and "p-birth" not in text
    assert client.post("/services/life/").status_code == 405


def test_saving_a_life_event_refuses_bad_input(district, english_messages):
    for changes, field in [
        ({"code": "p-space"}, "code"),
        ({"name": ""}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"items": ["not an item"]}, "items"),
    ]:
        with pytest.raises(ValidationError) as error:
            do_save_life_event(**{"code": "p-birth", "name": "出生", "actor": None, **changes})
        assert field in error.value.message_dict
    assert not LifeEvent.objects.exists()
    event = do_save_life_event(code="p-birth", name="出生", name_en="Birth", actor=None)
    assert event.audience == "person"
    assert Event.objects.filter(code=EventCode.LIFE_EVENT_CHANGED, object_id=str(event.pk)).exists()


def test_the_system_administrator_edits_a_life_event_in_admin(client, sysadmin, small_catalogue):
    event = LifeEvent.objects.get(code="p-marriage")
    login(client, sysadmin)
    items = [i.pk for i in event.items.all()][:1]
    response = client.post(
        f"/admin/services/lifeevent/{event.pk}/change/",
        {"name": "结婚离婚", "name_en": "Marriage", "summary": "", "sort_order": 4, "items": items},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.name == "结婚离婚" and [i.pk for i in event.items.all()] == items
