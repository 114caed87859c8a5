"""The index follows the published catalogue: drafts and retired versions never appear, and every
publish or withdrawal moves the stamp that makes each process rebuild."""

from django.core.cache import cache

from conftest import department
from yiwang.services.actions import (
    do_change_draft,
    do_draft_version,
    do_publish_version,
    do_withdraw_item,
    spec_of,
)
from yiwang.services.search import STAMP_KEY, search_catalogue
from yiwang.services.tests.conftest import publish


def names(query="", **filters):
    return [hit.document.name for hit in search_catalogue(query, page_size=100, **filters).hits]


def test_only_published_items_are_found(catalogue):
    everything = names()
    assert sorted(everything) == sorted(
        ["个体工商户设立登记", "居民身份证换领", "城乡居民养老保险参保登记", "失业登记", "食品经营许可"]
    )
    assert names("户外广告") == []  # a draft
    assert names("烟草") == []  # withdrawn


def test_filters_by_department_theme_and_audience(catalogue):
    assert set(names(department=department("05").code)) == {"城乡居民养老保险参保登记", "失业登记"}
    assert set(names(theme="E01")) == {"个体工商户设立登记", "食品经营许可"}
    assert set(names(audience="enterprise")) == {"个体工商户设立登记", "食品经营许可"}
    assert "食品经营许可" not in names(audience="person")


def test_a_published_item_is_found_by_its_name_and_its_initials(catalogue):
    assert names("失业登记")[0] == "失业登记"
    assert names("sydj")[0] == "失业登记"
    assert names("cxjmylbx")[0] == "城乡居民养老保险参保登记"


def test_publishing_moves_the_stamp_and_the_index_rebuilds(catalogue, django_capture_on_commit_callbacks):
    assert names("生育") == []
    before = cache.get(STAMP_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        publish("T8", department("07"), name="生育登记", aliases="准生证")

    assert cache.get(STAMP_KEY) != before
    assert names("生育") == ["生育登记"]
    assert names("shengyu")[0] == "生育登记"


def test_withdrawing_takes_the_item_out(catalogue, django_capture_on_commit_callbacks):
    assert "失业登记" in names("失业")

    with django_capture_on_commit_callbacks(execute=True):
        do_withdraw_item(catalogue["unemployment"], actor=None)

    assert names("失业") == []


def test_a_new_version_replaces_the_old_in_the_index_and_its_draft_never_shows(
    catalogue, django_capture_on_commit_callbacks
):
    item = catalogue["unemployment"]
    draft = do_draft_version(item, actor=None)
    do_change_draft(draft, spec={**spec_of(draft), "name": "失业登记（新版）"}, actor=None)
    assert names("新版") == []  # still a draft

    with django_capture_on_commit_callbacks(execute=True):
        do_publish_version(draft, actor=None)

    found = names("失业")
    assert found == ["失业登记（新版）"]  # the retired version is gone


def test_a_lost_stamp_rebuilds_too(catalogue):
    assert names("食品")
    cache.delete(STAMP_KEY)  # Redis restarted, or the key was evicted
    publish(
        "T9", department("04"), name="药品零售许可", aliases=""
    )  # without on_commit: nothing moved the stamp

    assert names("药品") == ["药品零售许可"]


def test_items_sharing_words_rank_by_where_the_word_is(district):
    publish("R1", department("03"), name="居民身份证换领", aliases="")
    publish(
        "R2",
        department("04"),
        name="个体工商户设立登记",
        aliases="",
        materials=[{"name": "居民身份证", "source": "certificate", "source_ref": "身份证"}],
    )

    assert names("身份证")[:2] == ["居民身份证换领", "个体工商户设立登记"]
