"""The search index itself: Chinese words, pinyin and initials, synonyms, ranking and odd queries.

These tests build `CatalogueIndex` from plain documents (no database), so the properties can run
many examples.
"""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from yiwang.services.search import MAX_QUERY_LENGTH, CatalogueIndex, Document, normalise_query

ITEMS = [
    ("居民身份证换领", "", ("户口簿",)),
    ("个体工商户设立登记", "个体户注册", ("经营者身份证明", "居民身份证")),
    ("食品经营许可", "餐饮许可证", ()),
    ("城乡居民养老保险参保登记", "", ("居民身份证",)),
    ("户口迁移", "", ()),
    ("社会保险登记", "", ()),
    ("户外广告设置许可", "广告牌", ()),
]


def make_index(items=ITEMS):
    return CatalogueIndex(
        [
            Document(
                code=str(number),
                implementation_code=f"C{number}",
                name=name,
                aliases=aliases,
                materials=materials,
                department_code="d1" if number % 2 else "d2",
                themes=("P01",) if number < 3 else (),
                audiences=frozenset({"person"} if number % 3 else {"enterprise"}),
            )
            for number, (name, aliases, materials) in enumerate(items)
        ]
    )


INDEX = make_index()


def names(query, **filters):
    return [hit.document.name for hit in INDEX.search(query, **filters).hits]


def test_initials_find_the_word_sfz_is_shenfenzheng():
    assert names("sfz")[0] == "居民身份证换领"
    assert set(names("sfz")) == {"居民身份证换领", "个体工商户设立登记", "城乡居民养老保险参保登记"}


def test_full_pinyin_and_its_prefix_find_the_word():
    assert names("shenfenzheng")[0] == "居民身份证换领"
    assert "居民身份证换领" in names("shenfen")


def test_initials_of_a_name_find_it():
    assert names("gtgsh") == ["个体工商户设立登记"]
    assert names("GTGSH") == ["个体工商户设立登记"]


def test_an_item_named_by_the_query_comes_first_and_the_name_counts_more_than_materials():
    assert names("身份证")[0] == "居民身份证换领"  # in the name; the two others only in materials
    assert names("居民身份证换领")[0] == "居民身份证换领"


def test_synonyms_widen_the_query():
    assert names("社保") == ["社会保险登记"]
    assert names("户籍") == ["户口迁移", "居民身份证换领"]  # 户口 in the name, then in a material (户口簿)
    assert names("开店")[0] == "个体工商户设立登记"
    assert "个体工商户设立登记" in names("营业执照")


def test_traditional_script_is_read_as_simplified():
    assert names("身份證")[0] == "居民身份证换领"


def test_aliases_find_the_item():
    assert names("广告牌") == ["户外广告设置许可"]
    assert names("个体户")[0] == "个体工商户设立登记"


def test_words_typed_with_spaces_rank_items_that_have_both_first():
    assert names("居民 登记")[0] == "城乡居民养老保险参保登记"


def test_filters_and_facets_count_with_the_other_filters():
    results = INDEX.search("sfz", audience="person")
    assert [hit.document.name for hit in results.hits] == ["个体工商户设立登记"]
    assert results.audiences == {"person": 1, "enterprise": 2}  # the audience facet ignores its own filter
    assert {hit.document.code for hit in INDEX.search("", department="d1", page_size=100).hits} == {
        "1",
        "3",
        "5",
    }
    assert {hit.document.code for hit in INDEX.search("", theme="P01").hits} == {"0", "1", "2"}


def test_paging_is_bounded_and_clamped():
    results = INDEX.search("", page=99, page_size=3)
    assert results.total == len(ITEMS) and results.pages == 3 and results.page == 3 and len(results.hits) == 1
    assert INDEX.search("", page_size=10_000).page_size == 100


def test_nothing_matches_nothing():
    assert INDEX.search("量子计算机").total == 0
    assert INDEX.search("zzzzqqq").total == 0


def test_odd_queries_are_cleaned():
    assert normalise_query("  ＳＦＺ\x00\t\n ") == "sfz"
    assert len(normalise_query("身" * 100_000)) == MAX_QUERY_LENGTH
    assert names("\x00sfz\x1b") == names("sfz")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_query(text):
    results = INDEX.search(text)
    assert 0 <= results.total <= len(ITEMS)


COMMON = "的一是不了人在有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保"


def _initials(name):
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text(alphabet=COMMON, min_size=2, max_size=10), min_size=1, max_size=8, unique=True),
    st.data(),
)
def test_any_item_is_found_first_by_its_exact_name_and_among_results_by_its_initials(item_names, data):
    index = make_index([(name, "", ()) for name in item_names])
    name = data.draw(st.sampled_from(item_names))

    by_name = index.search(name)
    assert by_name.hits[0].document.name == name

    initials = _initials(name)
    found = [hit.document.name for hit in index.search(initials, page_size=100).hits]
    if all(c in string.ascii_lowercase for c in initials):
        assert name in found
