"""Searching the open catalogue: one in-process index of the published datasets, shared by the
portal's browse page and CKAN's `package_search`, rebuilt when the catalogue's stamp moves (a
publication, a change, a withdrawal) and at least every few minutes (for view counts).

Queries follow the part of CKAN's Solr syntax its clients use: `q` holds words (all must match,
title and keywords weigh more) and `field:value` terms; `fq` holds `field:value` or
`field:"value"` terms, each may be negated with `-`; `sort` is `field asc|desc, ...`.
"""

import re
import threading
import time
import uuid

import numpy
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yiwang.opendata.actions import STAMP_KEY
from yiwang.opendata.models import OpenDataset, Theme

FORMATS = ("CSV", "JSON", "XLSX")
FACETS = ("organization", "groups", "tags", "res_format", "license_id", "update_cycle", "opening_type")
SORTS = {
    "score": "score",
    "name": "name",
    "title_string": "title",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "views_total": "views",
    "downloads_total": "downloads",
    "quality": "quality",
}
MAX_AGE = 300  # seconds an index serves before it is rebuilt anyway
TERM_RE = re.compile(r'([+-]?)([a-z_]+):(?:"([^"]*)"|(\S+))')


class SearchError(ValidationError):
    """A query CKAN would answer with a "Search Query Error"."""


def resource_id(dataset_code, fmt):
    return str(uuid.uuid5(uuid.UUID(str(dataset_code)), fmt.lower()))


def organization_name(department):
    return re.sub(r"[^a-z0-9_-]", "-", department.code.lower())


def site_url():
    return settings.YIWANG_SITE_URL


def _package(dataset):
    """The CKAN package dict of a dataset (organisation and groups titled in Simplified Chinese)."""
    resource = dataset.resource
    provider = resource.provider
    base = f"{site_url()}/opendata/dataset/{dataset.name}"
    modified = max(filter(None, [dataset.updated_at, resource.data_updated_at]))
    with translation.override("zh-hans"):
        theme_title = str(Theme(dataset.theme).label)
    organization = {
        "id": str(provider.pk),
        "name": organization_name(provider),
        "title": provider.name,
        "type": "organization",
        "description": provider.address,
        "is_organization": True,
        "state": "active",
        "image_url": "",
        "approval_status": "approved",
    }
    resources = [
        {
            "id": resource_id(dataset.code, fmt),
            "package_id": str(dataset.code),
            "name": f"{dataset.title} ({fmt})",
            "description": dataset.notes[:200],
            "format": fmt,
            "url": f"{base}/download.{fmt.lower()}",
            "mimetype": MIMETYPES[fmt],
            "datastore_active": True,
            "state": "active",
            "position": position,
            "created": dataset.published_at.isoformat(),
            "last_modified": modified.isoformat(),
            "url_type": "",
        }
        for position, fmt in enumerate(FORMATS)
    ]
    return {
        "id": str(dataset.code),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": dataset.licence,
        "license_title": LICENCES.get(dataset.licence, dataset.licence),
        "author": provider.name,
        "author_email": "",
        "maintainer": provider.name,
        "maintainer_email": "",
        "url": f"{base}/",
        "version": str(timezone.localdate(resource.updated_at)),
        "metadata_created": dataset.published_at.isoformat(),
        "metadata_modified": modified.isoformat(),
        "organization": organization,
        "owner_org": str(provider.pk),
        "groups": [
            {"id": dataset.theme, "name": dataset.theme, "title": theme_title, "display_name": theme_title}
        ],
        "tags": [{"name": tag, "display_name": tag, "state": "active"} for tag in dataset.tags],
        "num_tags": len(dataset.tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": [
            {"key": "resource_code", "value": resource.code},
            {"key": "update_cycle", "value": resource.update_cycle},
            {"key": "opening_type", "value": resource.opening_type},
            {"key": "quality_score", "value": str(dataset.quality)},
            {"key": "aggregated", "value": "true" if dataset.aggregate_by else "false"},
        ],
    }


MIMETYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LICENCES = {
    "cc-by-4.0": "Creative Commons Attribution 4.0",
    "cc0-1.0": "Creative Commons CC0 1.0",
    "odc-by": "Open Data Commons Attribution License",
}


class Document:
    __slots__ = ("dataset_id", "package", "fields", "text", "title", "tags", "sort_keys")

    def __init__(self, dataset):
        package = _package(dataset)
        self.dataset_id = dataset.pk
        self.package = package
        self.title = dataset.title.lower()
        self.tags = " ".join(dataset.tags).lower()
        self.text = " ".join(
            [
                dataset.title,
                dataset.notes,
                " ".join(dataset.tags),
                dataset.name,
                dataset.resource.provider.name,
            ]
        ).lower()
        self.fields = {
            "name": [dataset.name],
            "title": [dataset.title],
            "tags": list(dataset.tags),
            "organization": [package["organization"]["name"]],
            "groups": [dataset.theme],
            "res_format": list(FORMATS),
            "license_id": [dataset.licence],
            "update_cycle": [dataset.resource.update_cycle],
            "opening_type": [dataset.resource.opening_type],
            "id": [package["id"]],
        }
        self.sort_keys = {
            "name": dataset.name,
            "title": dataset.title,
            "metadata_modified": package["metadata_modified"],
            "metadata_created": package["metadata_created"],
            "views": dataset.view_count,
            "downloads": dataset.download_count,
            "quality": dataset.quality,
        }


class Index:
    """The documents as numpy arrays: per field, the (document, value) pairs; per sort key, each
    document's rank; so that a query is a few vector operations, whatever the catalogue's size."""

    FIELDS = (
        "name",
        "title",
        "tags",
        "organization",
        "groups",
        "res_format",
        "license_id",
        "update_cycle",
        "opening_type",
        "id",
    )

    def __init__(self, documents):
        self.documents = documents
        self.size = len(documents)
        self.texts = [document.text for document in documents]
        self.titles = [document.title for document in documents]
        self.tag_texts = [document.tags for document in documents]
        self.labels = {}  # (facet, value) -> display name
        self.resources = {}  # CKAN resource id -> (dataset pk, format)
        self.values = {}  # field -> [value, ...]
        self.value_ids = {}  # field -> {value: id}
        self.pairs = {}  # field -> (document indices, value ids)
        for field in self.FIELDS:
            ids, docs, vals = {}, [], []
            for position, document in enumerate(documents):
                for value in document.fields[field]:
                    docs.append(position)
                    vals.append(ids.setdefault(value, len(ids)))
            self.value_ids[field] = ids
            self.values[field] = list(ids)
            self.pairs[field] = (numpy.array(docs, dtype=numpy.int64), numpy.array(vals, dtype=numpy.int64))
        self.ranks = {}
        for key in (
            "name",
            "title",
            "metadata_modified",
            "metadata_created",
            "views",
            "downloads",
            "quality",
        ):
            order = sorted(range(self.size), key=lambda position: documents[position].sort_keys[key])
            rank = numpy.empty(self.size, dtype=numpy.int64)
            rank[order] = numpy.arange(self.size)
            self.ranks[key] = rank
        for document in documents:
            package = document.package
            self.labels[("organization", package["organization"]["name"])] = package["organization"]["title"]
            for item in package["resources"]:
                self.resources[item["id"]] = (document.dataset_id, item["format"])
        self._words = {}

    def _word(self, word):
        """(mask of documents holding `word`, their score for it), cached per word."""
        found = self._words.get(word)
        if found is None:
            mask = numpy.fromiter((word in text for text in self.texts), dtype=bool, count=self.size)
            score = (
                mask.astype(numpy.int64)
                + 3
                * numpy.fromiter((word in title for title in self.titles), dtype=numpy.int64, count=self.size)
                + 2
                * numpy.fromiter(
                    (word in tags for tags in self.tag_texts), dtype=numpy.int64, count=self.size
                )
            )
            if len(self._words) > 512:
                self._words.clear()
            found = self._words[word] = (mask, score)
        return found

    def _having(self, field, value):
        mask = numpy.zeros(self.size, dtype=bool)
        value_id = self.value_ids[field].get(value)
        if value_id is not None:
            docs, vals = self.pairs[field]
            mask[docs[vals == value_id]] = True
        return mask

    def search(self, *, q="", fq="", facet_fields=(), rows=10, start=0, sort="", facet_limit=50):
        words, required = _parse_q(q)
        required += _parse_fq(fq)
        order = _parse_sort(sort)
        mask = numpy.ones(self.size, dtype=bool)
        score = numpy.zeros(self.size, dtype=numpy.int64)
        for negated, field, value in required:
            having = self._having(field, value)
            mask &= ~having if negated else having
        for word in words:
            holds, points = self._word(word)
            mask &= holds
            score += points
        hits = numpy.flatnonzero(mask)
        keys = []
        for key, descending in reversed(order):
            values = score[hits] if key == "score" else self.ranks[key][hits]
            keys.append(-values if descending else values)
        if keys and len(hits):
            hits = hits[numpy.lexsort(keys)]
        facets = {}
        for field in facet_fields:
            docs, vals = self.pairs[field]
            counts = numpy.bincount(vals[mask[docs]], minlength=len(self.values[field]))
            present = numpy.flatnonzero(counts)
            ranked = sorted(
                ((self.values[field][i], int(counts[i])) for i in present), key=lambda kv: (-kv[1], kv[0])
            )
            facets[field] = dict(ranked if facet_limit < 0 else ranked[:facet_limit])
        page = hits[start : start + rows]
        return {
            "count": int(len(hits)),
            "results": [self.documents[i].package for i in page],
            "facets": facets,
            "search_facets": {
                field: {
                    "title": field,
                    "items": [
                        {"name": value, "display_name": self.label(field, value), "count": count}
                        for value, count in counts.items()
                    ],
                }
                for field, counts in facets.items()
            },
        }

    def label(self, field, value):
        if field == "groups" and value in Theme.values:
            return str(Theme(value).label)
        return self.labels.get((field, value), value)


def _parse_q(q):
    if q is None:
        q = ""
    if not isinstance(q, str) or len(q) > 500:
        raise SearchError({"q": _("The query must be text of at most 500 characters.")})
    q = q.strip()
    if q in ("", "*:*", "*"):
        return [], []
    required = [
        (m.group(1) == "-", m.group(2), m.group(3) if m.group(3) is not None else m.group(4))
        for m in TERM_RE.finditer(q)
    ]
    for _negated, field, _value in required:
        if field not in FACETS and field not in ("name", "title", "id"):
            raise SearchError({"q": _("Unknown field “%(field)s” in the query.") % {"field": field}})
    rest = TERM_RE.sub(" ", q)
    return [word.lower() for word in rest.split() if word not in ("AND", "+")], required


def _parse_fq(fq):
    if fq is None:
        fq = ""
    if not isinstance(fq, str) or len(fq) > 1000:
        raise SearchError({"fq": _("The filter must be text of at most 1000 characters.")})
    terms = []
    rest = TERM_RE.sub(lambda m: terms.append(m) or " ", fq).replace("AND", " ").strip()
    if rest:
        raise SearchError({"fq": _('Write filters as field:value or field:"value".')})
    parsed = []
    for match in terms:
        sign, field, quoted, bare = match.groups()
        if field not in FACETS and field not in ("name", "title", "id"):
            raise SearchError({"fq": _("Unknown field “%(field)s” in the filter.") % {"field": field}})
        parsed.append((sign == "-", field, quoted if quoted is not None else bare))
    return parsed


def _parse_sort(sort):
    if not sort:
        return [("score", True), ("metadata_modified", True)]
    if not isinstance(sort, str) or len(sort) > 200:
        raise SearchError({"sort": _("Sort by “field asc” or “field desc”.")})
    order = []
    for part in sort.split(","):
        words = part.split()
        if (
            not words
            or len(words) > 2
            or words[0] not in SORTS
            or (len(words) == 2 and words[1].lower() not in ("asc", "desc"))
        ):
            raise SearchError(
                {"sort": _("Sort by one of %(fields)s, then asc or desc.") % {"fields": ", ".join(SORTS)}}
            )
        order.append((SORTS[words[0]], len(words) == 2 and words[1].lower() == "desc"))
    return order


_index = None
_index_key = None
_lock = threading.Lock()


def current_index():
    """This process's index, rebuilt when the stamp moved or it is older than MAX_AGE."""
    global _index, _index_key
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(STAMP_KEY)
    key = (stamp, int(time.monotonic() // MAX_AGE))
    if _index is not None and key == _index_key:
        return _index
    if not _lock.acquire(blocking=_index is None):
        return _index  # another thread rebuilds; answer from the previous index meanwhile
    try:
        datasets = (
            OpenDataset.objects.filter(status=OpenDataset.PUBLISHED)
            .exclude(resource__opening_type="none")
            .select_related("resource__provider")
        )
        _index, _index_key = Index([Document(dataset) for dataset in datasets]), key
    finally:
        _lock.release()
    return _index


def search(**options):
    return current_index().search(**options)
