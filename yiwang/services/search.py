"""Search of the public catalogue (事项检索): an in-process index over the published item versions.

What is indexed: name, aliases (俗称), summary, department, result name, materials and themes of
every *published* version (drafts and retired versions never). Chinese text is segmented with jieba
(search mode, so 居民身份证 also yields 身份证); every indexed word also answers to its pinyin,
spelled out (`shenfenzheng`) or by initials (`sfz`), and whole names answer to theirs too
(`gtgsh` → 个体工商户设立登记). Queries in Traditional script are read as Simplified, and common
words are widened by the synonym table of `synonyms.py`.

Ranking is BM25-like over weighted fields (name ≫ aliases > result, themes, materials > summary,
department), plus bonuses for the whole query matching the name: exact, start, inside. Results can
be filtered by department, theme and audience (person / enterprise); facet counts come with them.

The index lives in each process. `services/actions.py` moves the cache key
`services:catalogue-stamp` after every publish and withdrawal; each search reads that key (one cache
get) and rebuilds the index when it moved, so every process, sharing Redis, follows the catalogue.
While one thread rebuilds, the others keep answering from the previous index.
"""

import bisect
import functools
import heapq
import logging
import math
import re
import threading
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

from django.core.cache import cache

from yiwang.services.synonyms import SYNONYMS

STAMP_KEY = "services:catalogue-stamp"
MAX_QUERY_LENGTH = 100  # characters of a query that are looked at; the rest is ignored
MAX_PAGE_SIZE = 100
PERSON, ENTERPRISE = "person", "enterprise"

# Field weights: how much a word counts where it is found.
WEIGHTS = {
    "name": 10.0,
    "aliases": 6.0,
    "result": 3.0,
    "themes": 3.0,
    "materials": 2.5,
    "summary": 1.5,
    "department": 1.5,
}
K1 = 4.0  # BM25 saturation over the weighted term frequency
SYNONYM_WEIGHT = 0.7  # a synonym counts less than the word typed
PART_WEIGHT = 0.5  # a part of a query word the index lacks (换领证件 → 换领, 证件)
PINYIN_PREFIX_WEIGHT = 0.6  # `shenfen` → 身份证: a pinyin prefix counts less than the whole spelling
# Bonuses for the whole query against the name (or its pinyin), far above any word score.
EXACT_NAME, NAME_START, NAME_INSIDE, ALIAS_INSIDE, CODE_EXACT = 1000.0, 300.0, 150.0, 100.0, 1000.0

# Words of the catalogue jieba's general dictionary splits or lacks.
DOMAIN_WORDS = [
    "个体工商户",
    "居民身份证",
    "营业执照",
    "食品经营许可",
    "经营许可",
    "户口迁移",
    "户籍登记",
    "社会保险",
    "社会保障卡",
    "医疗保障",
    "医疗保险",
    "住房公积金",
    "不动产权证书",
    "不动产登记",
    "最低生活保障",
    "生育登记",
    "出生医学证明",
    "婚姻登记",
    "户外广告",
    "失业登记",
    "失业保险金",
    "养老保险",
    "参保登记",
    "房屋租赁",
    "登记备案",
    "机动车驾驶证",
    "残疾人证",
    "居住证",
    "往来港澳通行证",
    "养犬登记",
    "工伤认定",
    "市场主体登记",
    "公司登记",
    "设立登记",
    "变更登记",
    "注销登记",
    "换领",
    "补领",
    "网办",
]

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPLIT = re.compile(r"[\s\W_]+", re.UNICODE)
_LETTERS = re.compile(r"^[a-z]+$")


# Text -----------------------------------------------------------------------------------------------

_tokenizer = None
_tokenizer_lock = threading.Lock()


def tokenizer():
    """jieba's tokenizer, made on first use (about a second) with the package's own dictionary, quietly."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                made = jieba.Tokenizer()  # jieba's bundled dict.txt; never downloads anything
                made.initialize()
                for word in {*DOMAIN_WORDS, *SYNONYMS}:
                    made.add_word(word, freq=2000)
                _tokenizer = made
    return _tokenizer


_t2s = None


def to_simplified(text):
    """Traditional script read as Simplified (a zh-Hant reader types 身份證)."""
    global _t2s
    if not _CJK.search(text):
        return text
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(text)


def clean_query(text):
    """The query as typed, made safe to show and search: NFKC (full-width letters made plain), control
    characters as spaces, spaces collapsed, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", str(text or ""))[: MAX_QUERY_LENGTH * 2]
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def normalise_query(text):
    """The query as searched: cleaned, lower case, in Simplified script."""
    return to_simplified(clean_query(text).lower())


def words(text):
    """Index words of a text: jieba's search-mode cut, lower case, no spaces or punctuation."""
    if not text:
        return []
    return list(_words(text.lower()))


@functools.lru_cache(maxsize=8192)  # department names, materials, results repeat across thousands of items
def _words(text):
    return tuple(
        token
        for token in (t.strip() for t in tokenizer().cut_for_search(text))
        if token and not _SPLIT.fullmatch(token)
    )


def pinyin_of(text):
    """(full spelling, initials) of a text, lower case, without tones or spaces: 身份证 → shenfenzheng, sfz.
    Letters and digits in the text are kept as they are in both."""
    from pypinyin import lazy_pinyin

    # One conversion gives both: a syllable gives its first letter, a run that is not Chinese stays whole.
    syllables = lazy_pinyin(_SPLIT.sub("", text.lower()), errors=lambda run: "\x00" + run)
    full = "".join(s.lstrip("\x00") for s in syllables)
    initials = "".join(s[1:] if s.startswith("\x00") else s[:1] for s in syllables)
    return full.lower(), initials.lower()


# Documents ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """What the index knows of one published item: enough to show a result without a query."""

    code: str  # the item's public UUID
    implementation_code: str
    name: str
    aliases: str = ""
    summary: str = ""
    department_code: str = ""
    department_name: str = ""
    department_name_en: str = ""
    department_order: int = 0
    result_name: str = ""
    materials: tuple = ()
    themes: tuple = ()  # theme codes
    theme_names: tuple = ()
    audiences: frozenset = frozenset()  # {"person", "enterprise"}
    online_depth: int = 0
    visits: int = 0
    promised_limit: int = 0
    handling_type: str = ""


@dataclass
class Hit:
    document: Document
    score: float


@dataclass
class Results:
    """One page of results with the total and the facet counts of the whole result set."""

    query: str
    total: int
    page: int
    page_size: int
    hits: list
    departments: dict = field(default_factory=dict)  # department code → count (other filters applied)
    themes: dict = field(default_factory=dict)
    audiences: dict = field(default_factory=dict)

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.page_size))


class Haystack:
    """One text per document, joined by newlines, so that finding a phrase in all of them is one
    `str.find` loop in C; positions map back to documents by bisection."""

    def __init__(self, texts):
        self.texts = [text.replace("\n", " ") for text in texts]
        self.starts, position = [], 0
        for text in self.texts:
            self.starts.append(position)
            position += len(text) + 1
        self.joined = "\n".join(self.texts)

    def find(self, phrase):
        """(document number, whole text, at its start) for each document whose text contains `phrase`."""
        if not phrase or "\n" in phrase:
            return
        seen = set()
        position = self.joined.find(phrase)
        while position != -1:
            number = bisect.bisect_right(self.starts, position) - 1
            if number not in seen:
                seen.add(number)
                start = self.starts[number]
                yield number, position == start and len(phrase) == len(self.texts[number]), position == start
            position = self.joined.find(phrase, position + 1)


class CatalogueIndex:
    """An inverted index of documents (word → {document number: BM25 score of the word there}), plus
    the names, aliases and their pinyin joined for phrase matching. Built once, then only read."""

    def __init__(self, documents):
        self.documents = list(documents)
        self.postings = defaultdict(dict)
        self.by_initials = defaultdict(set)
        self.by_spelling = defaultdict(set)
        names, aliases, spellings, initials_of_names, alias_pinyin = [], [], [], [], []
        self.departments = {}  # department code → (name, English name, order), for facets without a query
        for number, doc in enumerate(self.documents):
            self.departments[doc.department_code] = (
                doc.department_name,
                doc.department_name_en,
                doc.department_order,
            )
            fields = [
                ("name", doc.name),
                ("aliases", doc.aliases),
                ("summary", doc.summary),
                ("department", doc.department_name),
                ("result", doc.result_name),
                *(("materials", material) for material in doc.materials),
                *(("themes", theme) for theme in doc.theme_names),
            ]
            weighted = defaultdict(float)
            for name, text in fields:
                for word in words(text):
                    weighted[word] += WEIGHTS[name]
            for word, weight in weighted.items():
                self.postings[word][number] = weight
            spelling, initials = pinyin_of(doc.name)
            names.append(_SPLIT.sub("", doc.name.lower()))
            aliases.append(doc.aliases.lower())
            spellings.append(spelling)
            initials_of_names.append(initials)
            alias_pinyin.append(
                "|".join(
                    key
                    for alias in re.split(r"[,，、;；]", doc.aliases)
                    if alias.strip()
                    for key in pinyin_of(alias)
                )
            )
        self.names, self.aliases = Haystack(names), Haystack(aliases)
        self.name_spellings, self.name_initials = Haystack(spellings), Haystack(initials_of_names)
        self.alias_pinyin = Haystack(alias_pinyin)
        self.by_code = {doc.implementation_code: number for number, doc in enumerate(self.documents)}
        self.department_of = [doc.department_code for doc in self.documents]
        self.themes_of = [doc.themes for doc in self.documents]
        self.audiences_of = [doc.audiences for doc in self.documents]
        self.name_rank = [0] * len(self.documents)  # position of each document in name order (ties of scores)
        by_name = sorted(range(len(self.documents)), key=lambda n: (self.documents[n].name, n))
        for position, number in enumerate(by_name):
            self.name_rank[number] = position
        for word in self.postings:
            if _CJK.search(word):
                spelling, initials = pinyin_of(word)
                self.by_spelling[spelling].add(word)
                if len(initials) >= 2:
                    self.by_initials[initials].add(word)
        self.spellings = sorted(self.by_spelling)
        # Postings hold each document's BM25 score for the word, computed once here.
        total = len(self.documents)
        for posting in self.postings.values():
            idf = math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            for number, tf in posting.items():
                posting[number] = idf * tf * (K1 + 1) / (tf + K1)

    # Reading the query --------------------------------------------------------------------------

    def _groups(self, query):
        """The query as groups of alternatives {word: weight}: a document scores the best of each group."""
        groups = []
        for chunk in _SPLIT.split(query):
            if not chunk:
                continue
            if _LETTERS.match(chunk):
                group = {chunk: 1.0} if chunk in self.postings else {}
                for word in self.by_initials.get(chunk, ()):
                    group[word] = max(group.get(word, 0), 0.9)
                for word in self.by_spelling.get(chunk, ()):
                    group[word] = 1.0
                if len(chunk) >= 3:
                    start = bisect.bisect_left(self.spellings, chunk)
                    for spelling in self.spellings[start : start + 50]:
                        if not spelling.startswith(chunk):
                            break
                        for word in self.by_spelling[spelling]:
                            group.setdefault(word, PINYIN_PREFIX_WEIGHT)
                if group:
                    groups.append(group)
                continue
            # The query in jieba's precise mode (居民身份证 stays one word: one group, not three); a
            # word the index lacks falls back on its parts (search mode), each counting less.
            tokens = [token for token in tokenizer().lcut(chunk) if not _SPLIT.fullmatch(token)]
            if chunk in self.postings and chunk not in tokens:
                tokens = [chunk]
            for token in dict.fromkeys(tokens):
                group = {token: 1.0} if token in self.postings else {}
                if not group and len(token) > 2:
                    for part in words(token):
                        if part != token and len(part) > 1 and part in self.postings:
                            group[part] = PART_WEIGHT
                for synonym in SYNONYMS.get(token, ()):  # synonyms are in jieba's dictionary: whole words
                    if synonym in self.postings:
                        group.setdefault(synonym, SYNONYM_WEIGHT)
                if group or len(token) > 1:
                    groups.append(group)
        return groups

    def _phrase_bonuses(self, query, scores):
        """The whole query against every name, alias and their pinyin: `str.find` over one joined
        string per field (C speed), not a Python loop over the documents."""
        compact = _SPLIT.sub("", query)
        if not compact:
            return
        bonuses = {}

        def give(number, bonus):
            if bonus > bonuses.get(number, 0.0):
                bonuses[number] = bonus

        number = self.by_code.get(compact.upper())
        if number is not None:
            give(number, CODE_EXACT)
        for phrase, weight in [(compact, 1.0), *((s, SYNONYM_WEIGHT) for s in SYNONYMS.get(compact, ()))]:
            for number, exact, start in self.names.find(phrase):
                give(number, weight * (EXACT_NAME if exact else NAME_START if start else NAME_INSIDE))
            for number, _exact, _start in self.aliases.find(phrase):
                give(number, weight * ALIAS_INSIDE)
        if _LETTERS.match(compact) and len(compact) >= 2:
            for haystack in (self.name_spellings, self.name_initials):
                for number, exact, start in haystack.find(compact):
                    give(number, 0.8 * (EXACT_NAME if exact else NAME_START if start else NAME_INSIDE))
            for number, _exact, _start in self.alias_pinyin.find(compact):
                give(number, 0.8 * ALIAS_INSIDE)
        for number, bonus in bonuses.items():
            scores[number] = scores.get(number, 0.0) + bonus

    def score(self, query):
        """{document number: score} of every document the query finds (empty query: none)."""
        groups = self._groups(query)
        bests = []
        for group in groups:
            if len(group) == 1:
                ((word, weight),) = group.items()
                posting = self.postings[word]
                best = posting if weight == 1.0 else {n: weight * v for n, v in posting.items()}
            else:
                best = {}
                for word, weight in group.items():
                    for number, value in self.postings[word].items():
                        value *= weight
                        if value > best.get(number, 0.0):
                            best[number] = value
            bests.append(best)
        bests.sort(key=len, reverse=True)
        scores = dict(bests[0]) if bests else {}  # copied in C; the other groups are added to it
        for best in bests[1:]:
            get = scores.get
            for number, value in best.items():
                scores[number] = get(number, 0.0) + value
        if len(groups) > 1:  # documents that answer more of the query come first
            matched = Counter(chain.from_iterable(bests))
            for number, count in matched.items():
                coverage = count / len(groups)
                scores[number] *= 0.25 + 0.75 * coverage * coverage
        self._phrase_bonuses(query, scores)
        return scores

    def search(self, query="", *, department="", theme="", audience="", page=1, page_size=20):
        query = normalise_query(query)
        page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
        if query:
            scores = self.score(query)
            found = scores  # ordered below, only as far as the page asked for
        else:
            scores = {}
            found = range(len(self.documents))  # documents are kept in browsing order

        # Each facet counts with the other filters applied, so a reader sees what choosing it would give.
        if not (department or theme or audience):  # the common case, counted at C speed
            selected = list(found)
            departments = Counter(map(self.department_of.__getitem__, selected))
            themes = Counter(chain.from_iterable(map(self.themes_of.__getitem__, selected)))
            audiences = Counter(chain.from_iterable(map(self.audiences_of.__getitem__, selected)))
            found = ()
        else:
            departments, themes, audiences = defaultdict(int), defaultdict(int), defaultdict(int)
            selected = []
        documents = self.documents
        for number in found:
            doc = documents[number]
            by_department = not department or doc.department_code == department
            by_theme = not theme or theme in doc.themes
            by_audience = not audience or audience in doc.audiences
            if by_theme and by_audience:
                departments[doc.department_code] += 1
            if by_department and by_audience:
                for code in doc.themes:
                    themes[code] += 1
            if by_department and by_theme:
                for who in doc.audiences:
                    audiences[who] += 1
                if by_audience:
                    selected.append(number)
        pages = max(1, math.ceil(len(selected) / page_size))
        page = max(1, min(int(page), pages))
        start = (page - 1) * page_size
        ordered = selected
        if query:  # best first, then by name
            rank = self.name_rank
            ordered = heapq.nsmallest(start + page_size, selected, key=lambda n: (-scores[n], rank[n]))
        hits = [Hit(self.documents[n], scores.get(n, 0.0)) for n in ordered[start : start + page_size]]
        return Results(
            query=query,
            total=len(selected),
            page=page,
            page_size=page_size,
            hits=hits,
            departments=dict(departments),
            themes=dict(themes),
            audiences=dict(audiences),
        )


# The published catalogue -----------------------------------------------------------------------------


def published_documents():
    """One document per published version, in browsing order (department, then name); five queries."""
    from yiwang.accounts.models import Department
    from yiwang.services.models import Material, ServiceItemVersion, ServiceObject, Theme

    published = ServiceItemVersion.PUBLISHED
    rows = list(
        ServiceItemVersion.objects.filter(status=published, item__current__isnull=False).values(
            "id",
            "item_id",
            "item__current",
            "item__code",
            "item__implementation_code",
            "item__department_id",
            "name",
            "aliases",
            "summary",
            "result_name",
            "service_objects",
            "online_depth",
            "visits",
            "promised_limit",
            "handling_type",
        )
    )
    rows = [row for row in rows if row["item__current"] == row["id"]]  # a version is shown only as current
    materials = defaultdict(list)
    for version_id, name in (
        Material.objects.filter(version__status=published)
        .order_by("version_id", "sort_order", "id")
        .values_list("version_id", "name")
    ):
        materials[version_id].append(name)
    themes = {t.pk: t for t in Theme.objects.all()}
    version_themes = defaultdict(list)
    through = ServiceItemVersion.themes.through
    for version_id, theme_id in through.objects.filter(serviceitemversion__status=published).values_list(
        "serviceitemversion_id", "theme_id"
    ):
        version_themes[version_id].append(themes[theme_id])
    department_ids = {row["item__department_id"] for row in rows}
    departments = (
        {d.pk: d for d in Department.objects.filter(pk__in=department_ids)} if department_ids else {}
    )

    documents = []
    for row in rows:
        department = departments[row["item__department_id"]]
        objects = row["service_objects"] or []
        audiences = set()
        if ServiceObject.PERSON in objects:
            audiences.add(PERSON)
        if any(code != ServiceObject.PERSON for code in objects):
            audiences.add(ENTERPRISE)
        item_themes = sorted(version_themes[row["id"]], key=lambda t: (t.audience, t.sort_order, t.code))
        documents.append(
            Document(
                code=str(row["item__code"]),
                implementation_code=row["item__implementation_code"],
                name=row["name"],
                aliases=row["aliases"],
                summary=row["summary"],
                department_code=department.code,
                department_name=department.name,
                department_name_en=department.name_en,
                department_order=department.sort_order,
                result_name=row["result_name"],
                materials=tuple(materials[row["id"]]),
                themes=tuple(t.code for t in item_themes),
                theme_names=tuple(t.name for t in item_themes),
                audiences=frozenset(audiences),
                online_depth=row["online_depth"],
                visits=row["visits"],
                promised_limit=row["promised_limit"],
                handling_type=row["handling_type"],
            )
        )
    documents.sort(key=lambda d: (d.department_order, d.department_code, d.name, d.implementation_code))
    return documents


_index = None
_index_stamp = None
_build_lock = threading.Lock()


def current_stamp():
    """The catalogue's stamp; a cache that lost it (restart, eviction) gets a fresh one, so all rebuild."""
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, f"fresh-{uuid.uuid4().hex}", None)
        stamp = cache.get(STAMP_KEY)
    return stamp


def catalogue_index():
    """This process's index of the published catalogue, rebuilt when the stamp moved."""
    global _index, _index_stamp
    stamp = current_stamp()
    if _index is not None and stamp == _index_stamp:
        return _index
    # One thread rebuilds; the others answer from the previous index, or wait when there is none.
    if not _build_lock.acquire(blocking=_index is None):
        return _index
    try:
        if _index is None or _index_stamp != stamp:
            # The stamp was read before the documents: a change meanwhile moves it, and rebuilds again.
            index = CatalogueIndex(published_documents())
            _index, _index_stamp = index, stamp
            log.info("catalogue index rebuilt: %d items", len(index.documents))
        return _index
    finally:
        _build_lock.release()


def search_catalogue(query="", **filters):
    """Search the published catalogue: `Results` for `query` with the filters department, theme,
    audience, page and page_size."""
    return catalogue_index().search(query, **filters)
