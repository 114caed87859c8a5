"""Catalogue endpoints of /api/v1/: search, service guides, themes and departments, for every channel.

All of them are public (no token needed) and read only published versions. Content is in
Simplified Chinese, or Traditional for `Accept-Language: zh-Hant`; labels of code tables follow the
request's language. Errors have the API's one shape (`yiwang/api.py`).
"""

import uuid
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from yiwang.core.apitypes import QueryText
from yiwang.core.text import localise
from yiwang.services.models import (
    ExerciseLevel,
    HandlingForm,
    HandlingType,
    ItemType,
    OnlineDepth,
    ServiceObject,
    ServiceScope,
    Theme,
)
from yiwang.services.permissions import get_published_item
from yiwang.services.search import MAX_PAGE_SIZE, catalogue_index

router = Router(tags=["services"])


class Coded(Schema):
    code: str
    label: str


class DepartmentRef(Schema):
    code: str
    name: str


class ServiceSummaryOut(Schema):
    code: str = Field(description="The item's public code (UUID): the key of its guide")
    implementation_code: str
    name: str
    summary: str
    department: DepartmentRef
    audiences: list[Literal["person", "enterprise"]]
    themes: list[str] = Field(description="Theme codes")
    online_depth: int = Field(description="办理深度 1–4; 4 is fully online (全程网办)")
    visits: int = Field(description="Visits to an office needed (到办事现场次数)")
    promised_limit: int = Field(description="Promised limit in working days; 0 is decided on the spot")
    score: float = Field(description="Relevance to the query (0 without a query)")


class FacetOut(Schema):
    code: str
    count: int


class FacetsOut(Schema):
    departments: list[FacetOut]
    themes: list[FacetOut]
    audiences: list[FacetOut]


class ServiceListOut(Schema):
    query: str = Field(description="The query as searched (normalised, at most 100 characters)")
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ServiceSummaryOut]
    facets: FacetsOut = Field(description="Counts over all results, each with the other filters applied")


class ServiceListQuery(Schema):
    q: QueryText = Field("", max_length=2000, description="Words, pinyin or pinyin initials (sfz → 身份证)")
    department: QueryText = Field("", max_length=32, description="Department code")
    theme: QueryText = Field("", max_length=20, description="Theme code")
    audience: Literal["", "person", "enterprise"] = Field("", description="Who the item serves")
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _facets(counts):
    ordered = sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    return [{"code": code, "count": count} for code, count in ordered]


@router.get("/services", response=ServiceListOut, auth=None, summary="Search the public catalogue (事项检索)")
def list_services(request: HttpRequest, filters: Query[ServiceListQuery]):
    """Published items matching `q` (Chinese words, pinyin, initials, common synonyms), best first;
    without `q`, every item in browsing order (department, then name)."""
    index = catalogue_index()
    results = index.search(
        filters.q,
        department=filters.department,
        theme=filters.theme,
        audience=filters.audience,
        page=filters.page,
        page_size=filters.page_size,
    )
    english = {code: name_en for code, (name, name_en, order) in index.departments.items()}
    return {
        "query": results.query,
        "count": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "pages": results.pages,
        "results": [
            {
                "code": hit.document.code,
                "implementation_code": hit.document.implementation_code,
                "name": localise(hit.document.name),
                "summary": localise(hit.document.summary),
                "department": {
                    "code": hit.document.department_code,
                    "name": localise(hit.document.department_name, english.get(hit.document.department_code)),
                },
                "audiences": sorted(hit.document.audiences),
                "themes": list(hit.document.themes),
                "online_depth": hit.document.online_depth,
                "visits": hit.document.visits,
                "promised_limit": hit.document.promised_limit,
                "score": round(hit.score, 3),
            }
            for hit in results.hits
        ],
        "facets": {
            "departments": _facets(results.departments),
            "themes": _facets(results.themes),
            "audiences": _facets(results.audiences),
        },
    }


class ServiceMaterialOut(Schema):
    """A material the service item asks for (named apart from a case's material in the OpenAPI schema)."""

    name: str
    issuer: str
    originals: int
    copies: int
    format: str
    required: bool
    source: Literal["applicant", "government", "shared_data", "certificate"]
    fetched: bool = Field(description="Fetched from shared data or as an electronic certificate")
    source_ref: str
    note: str


class FormFieldOut(Schema):
    key: str
    label: str
    kind: Literal["text", "number", "date", "choice", "citizen_id", "credit_code", "address", "phone", "file"]
    required: bool
    choices: list[str]
    help_text: str
    max_length: int | None
    prefill: str = Field(description="Where the value comes from when the government holds it, or empty")


class ServiceStepOut(Schema):
    """A step of the item's procedure (named apart from a case's step in the OpenAPI schema)."""

    name: str
    role: str
    limit: int | None = Field(description="Step limit in working days")
    description: str


class ThemeRef(Schema):
    code: str
    name: str


class GuideOut(Schema):
    code: str
    implementation_code: str
    basic_code: str
    version: int
    published_at: str | None
    name: str
    summary: str
    aliases: list[str]
    item_type: Coded
    exercise_level: Coded
    department: DepartmentRef
    co_departments: list[DepartmentRef]
    legal_basis: str
    body_nature: str
    statutory_limit: int | None
    statutory_limit_note: str
    promised_limit: int
    promised_limit_note: str
    handling_type: Coded
    acceptance_conditions: str
    intermediary_services: str
    quantity_limit: str
    result_name: str
    result_sample: str
    fee_required: bool
    fee_basis: str
    service_scope: Coded
    service_objects: list[Coded]
    themes: list[ThemeRef]
    handling_forms: list[Coded]
    special_procedures: str
    booking: bool
    online_payment: bool
    express_delivery: bool
    online: bool
    online_url: str
    visits: int
    online_depth: Coded
    place: str
    hours: str
    enquiry_phone: str
    complaint_phone: str
    materials: list[ServiceMaterialOut]
    form_fields: list[FormFieldOut]
    steps: list[ServiceStepOut]
    guide_url: str
    apply_url: str


def _coded(choices, code):
    return {"code": str(code), "label": str(choices(code).label) if code in choices.values else str(code)}


@router.get(
    "/services/{code}", response=GuideOut, auth=None, summary="The service guide of one item (办事指南)"
)
def service_guide(request: HttpRequest, code: str):
    """Everything a citizen needs to apply: the published version's GB/T 39046 fields, materials
    (with their source channel), the form's fields (kinds, choices, prefill source) and the steps.
    404 for an unknown code or an item that is not (or no longer) in the public catalogue."""
    try:
        item_code = uuid.UUID(code)
    except ValueError:
        raise Http404 from None
    item, v = get_published_item(item_code)
    text = {
        name: localise(getattr(v, name))
        for name in (
            "name",
            "summary",
            "legal_basis",
            "body_nature",
            "statutory_limit_note",
            "promised_limit_note",
            "acceptance_conditions",
            "intermediary_services",
            "quantity_limit",
            "result_name",
            "result_sample",
            "fee_basis",
            "special_procedures",
            "place",
            "hours",
        )
    }
    return {
        **text,
        "code": str(item.code),
        "implementation_code": item.implementation_code,
        "basic_code": item.basic_code,
        "version": v.number,
        "published_at": v.published_at.isoformat() if v.published_at else None,
        "aliases": [localise(a.strip()) for a in v.aliases.replace("，", ",").split(",") if a.strip()],
        "item_type": _coded(ItemType, v.item_type),
        "exercise_level": _coded(ExerciseLevel, v.exercise_level),
        "department": {"code": item.department.code, "name": item.department.display_name},
        "co_departments": [{"code": d.code, "name": d.display_name} for d in v.co_departments.all()],
        "statutory_limit": v.statutory_limit,
        "promised_limit": v.promised_limit,
        "handling_type": _coded(HandlingType, v.handling_type),
        "fee_required": v.fee_required,
        "service_scope": _coded(ServiceScope, v.service_scope),
        "service_objects": [_coded(ServiceObject, c) for c in v.service_objects],
        "themes": [{"code": t.code, "name": localise(t.name, t.name_en)} for t in v.themes.all()],
        "handling_forms": [_coded(HandlingForm, c) for c in v.handling_forms],
        "booking": v.booking,
        "online_payment": v.online_payment,
        "express_delivery": v.express_delivery,
        "online": v.online,
        "online_url": v.online_url,
        "visits": v.visits,
        "online_depth": _coded(OnlineDepth, v.online_depth),
        "enquiry_phone": v.enquiry_phone,
        "complaint_phone": v.complaint_phone,
        "materials": [
            {
                "name": localise(m.name),
                "issuer": localise(m.issuer),
                "originals": m.originals,
                "copies": m.copies,
                "format": m.format,
                "required": m.required,
                "source": m.source,
                "fetched": m.is_fetched,
                "source_ref": m.source_ref,
                "note": localise(m.note),
            }
            for m in v.materials.all()
        ],
        "form_fields": [
            {
                "key": f.key,
                "label": localise(f.label),
                "kind": f.kind,
                "required": f.required,
                "choices": [localise(c) for c in f.choices or []],
                "help_text": localise(f.help_text),
                "max_length": f.max_length,
                "prefill": f.prefill,
            }
            for f in v.form_fields.all()
        ],
        "steps": [
            {
                "name": localise(s.name),
                "role": s.role,
                "limit": s.limit,
                "description": localise(s.description),
            }
            for s in v.steps.all()
        ],
        "guide_url": f"/services/{item.code}/",
        "apply_url": f"/cases/apply/{item.code}/",
    }


class ThemeOut(Schema):
    code: str
    audience: Literal["person", "enterprise"]
    name: str
    count: int = Field(description="Published items under this theme")


@router.get("/themes", response=list[ThemeOut], auth=None, summary="Themes of the catalogue (主题分类)")
def list_themes(request: HttpRequest, audience: Literal["", "person", "enterprise"] = ""):
    """Every theme, for persons then enterprises, with the number of published items in it."""
    counts = catalogue_index().search("", page_size=1).themes
    themes = Theme.objects.all()
    if audience:
        themes = themes.filter(audience=audience)
    return [
        {
            "code": t.code,
            "audience": t.audience,
            "name": localise(t.name, t.name_en),
            "count": counts.get(t.code, 0),
        }
        for t in themes
    ]


class DepartmentServicesOut(Schema):
    code: str
    name: str
    count: int = Field(description="Published items this department implements")


@router.get(
    "/departments-with-services",
    response=list[DepartmentServicesOut],
    auth=None,
    summary="Departments that implement published items",
)
def departments_with_services(request: HttpRequest, audience: Literal["", "person", "enterprise"] = ""):
    """The departments of the public catalogue in the district's order, with their item counts."""
    index = catalogue_index()
    counts = index.search("", audience=audience, page_size=1).departments
    ordered = sorted(index.departments.items(), key=lambda d: (d[1][2], d[0]))
    return [
        {"code": code, "name": localise(name, name_en), "count": counts[code]}
        for code, (name, name_en, order) in ordered
        if counts.get(code)
    ]
