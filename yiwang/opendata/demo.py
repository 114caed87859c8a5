"""Demo open data: every demo resource that may be opened is published as a dataset — resources
about persons as counts grouped by their first non-personal field. Safe to run again."""

from yiwang.datahub.models import Resource
from yiwang.opendata.actions import publish_checked
from yiwang.opendata.models import OpenDataset

THEMES = [  # the first keyword found in a resource's name decides its theme
    ("空气", "environment"),
    ("环境", "environment"),
    ("水", "environment"),
    ("人口", "society"),
    ("户籍", "society"),
    ("婚姻", "society"),
    ("出生", "health"),
    ("医", "health"),
    ("卫生", "health"),
    ("社保", "employment"),
    ("就业", "employment"),
    ("学", "education"),
    ("教师", "education"),
    ("车", "transport"),
    ("交通", "transport"),
    ("税", "finance"),
    ("不动产", "housing"),
    ("房", "housing"),
    ("工程", "housing"),
    ("建设", "housing"),
    ("法人", "economy"),
    ("企业", "economy"),
    ("营业", "economy"),
    ("许可", "economy"),
    ("招标", "economy"),
    ("救助", "society"),
    ("低保", "society"),
    ("殡葬", "society"),
]


def theme_of(name):
    for word, theme in THEMES:
        if word in name:
            return theme
    return "government"


def seed(out):
    published = 0
    resources = (
        Resource.objects.exclude(opening_type=Resource.OPEN_NONE)
        .filter(open_dataset__isnull=True)
        .select_related("provider")
        .prefetch_related("items__element")
        .order_by("code")
    )
    for resource in resources:
        items = list(resource.items.all())
        open_items = [item.key for item in items if not item.element.is_personal]
        spec = {
            "name": resource.code.lower().replace(".", "-").replace("_", "-"),
            "title": resource.name,
            "notes": resource.abstract,
            "theme": theme_of(resource.name),
            "tags": [resource.name[:4]],
            "licence": "cc-by-4.0",
            "fields": open_items,
            "aggregate_by": [],
        }
        if resource.subject_kind == Resource.PERSON:
            groups = [
                item.key
                for item in items
                if not item.element.is_personal
                and not item.is_key
                and item.element.data_type in ("code", "string")
            ]
            if not groups:
                continue
            spec["aggregate_by"] = groups[:1]
            spec["title"] = f"{resource.name}（按{next(i.name for i in items if i.key == groups[0])}统计）"
        if not spec["fields"] and not spec["aggregate_by"]:
            continue
        publish_checked(resource, spec, actor=None)
        published += 1
    total = OpenDataset.objects.filter(status=OpenDataset.PUBLISHED).count()
    out.write(f"Open data: {published} dataset(s) published now, {total} in all.")
