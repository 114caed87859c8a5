"""数据跑路: the materials and form answers of an application taken from what the government holds.

A material whose source is an electronic certificate or a shared dataset (services.Material.source,
its `source_ref` naming the certificate type or the resource) is fetched, not uploaded:

- a certificate: the applicant's valid certificate of that type (the newest);
- a resource: the applicant's records in it, found by the subject blind index.

Whose data: the applicant's; for a person's data wanted by an enterprise's application (法定代表人
居民身份证, 经办人居民身份证), the person who files it for the enterprise (the case's owner).

What is found marks the case's placeholder "fetched" and leaves a `MaterialFetch` naming the source,
and each read is recorded as a use of the person's or enterprise's data (`record_use`, the case
number and item as purpose). When the hub knows the source but holds nothing for the applicant, the
material must be uploaded instead (`needs_upload`). A source the hub does not know at all (no such
certificate type or resource) is left to the department as before: the placeholder stays awaiting.

A resource 不予共享 (not shared) is fetched only for a case of its own provider department; the
conditional ones are fetched because the catalogue's material list is the declared purpose.
"""

import json

from django.db.models import Q
from django.utils import timezone

from yiwang.accounts.models import Enterprise, Person
from yiwang.core.events import EventCode, record_event
from yiwang.datahub.keys import enterprise_index
from yiwang.datahub.models import Certificate, CertificateType, DataUse, MaterialFetch, Record, Resource
from yiwang.datahub.models.certificates import HolderKind
from yiwang.datahub.uses import record_use

PLATFORM_PREFILLS = ("applicant.", "enterprise.")


# Whose data ---------------------------------------------------------------------------------------


def applicant_of(case):
    return (
        Person.objects.filter(pk=case.applicant_id).first()
        or Enterprise.objects.filter(pk=case.applicant_id).first()
    )


def subject_for(kind, applicant, owner=None):
    """(subject index, subject) of the person or enterprise whose `kind` of data an application uses."""
    if kind == HolderKind.PERSON:
        person = (
            applicant
            if isinstance(applicant, Person)
            else Person.objects.filter(user=owner).first()
            if owner is not None
            else None
        )
        return (person.id_number_index, person) if person is not None else ("", None)
    if kind == HolderKind.ENTERPRISE and isinstance(applicant, Enterprise):
        return enterprise_index(applicant.credit_code), applicant
    return "", None


# Looking up ---------------------------------------------------------------------------------------


def usable_certificates(cert_type, index, today=None):
    today = today or timezone.localdate()
    return (
        Certificate.objects.filter(type=cert_type, holder_index=index, status=Certificate.VALID)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-issued_on", "-id")
    )


def _source(material):
    """The certificate type or resource a material names, or None when the hub does not know it."""
    if material.source == material.CERTIFICATE:
        return CertificateType.objects.filter(name=material.source_ref, is_active=True).first()
    return (
        Resource.objects.filter(name=material.source_ref, is_active=True).select_related("provider").first()
    )


def _find(material, applicant, owner, department_id):
    """(known, found): whether the hub knows the source, and what it holds for the applicant —
    ("certificate", Certificate, index, subject) or ("records", Resource, index, subject, count)."""
    source = _source(material)
    if source is None:
        return False, None
    if isinstance(source, CertificateType):
        index, subject = subject_for(source.holder_kind, applicant, owner)
        certificate = usable_certificates(source, index).first() if index else None
        return True, (certificate and ("certificate", certificate, index, subject))
    if source.subject_kind not in (Resource.PERSON, Resource.ENTERPRISE):
        return False, None
    if source.sharing_type == Resource.SHARE_NONE and source.provider_id != department_id:
        return True, None
    index, subject = subject_for(source.subject_kind, applicant, owner)
    count = (
        Record.objects.filter(resource=source, subject_index=index, is_deleted=False).count() if index else 0
    )
    return True, (count and ("records", source, index, subject, count))


def hub_lacks(materials, applicant, owner, department):
    """The ids of the fetched-source `materials` the hub knows but holds nothing of for `applicant`:
    a form taking an application in (the counter) asks for their files. Reads only existence, so it
    is not a use of the data."""
    lacking = set()
    for material in materials:
        if material.is_fetched:
            known, found = _find(material, applicant, owner, department.pk)
            if known and not found:
                lacking.add(material.pk)
    return lacking


def purpose_of(case):
    return f"{case.number} {case.version.name}"


def fetch_case_materials(case, *, actor=None, submitting=True):
    """Fetch every fetched-source material of `case` not fetched yet; return the ids of the materials
    the hub does not hold for the applicant (they must be uploaded).

    Called in the caller's transaction (starting, submitting and supplementing a case), so a refused
    submission leaves no use recorded. A material the applicant uploaded instead is not fetched. A
    material from a source the hub does not know gets its "awaiting" placeholder when the case is
    submitted (`submitting`): the department obtains it as before.
    """
    from yiwang.cases.models import CaseMaterial

    materials = [m for m in case.version.materials.all() if m.is_fetched]
    if not materials:
        return set()
    rows = list(case.materials.all())
    uploaded = {row.material_id for row in rows if row.status == CaseMaterial.UPLOADED}
    placeholders = {row.material_id: row for row in rows if row.status != CaseMaterial.UPLOADED}
    fetches = {fetch.material_id: fetch for fetch in case.material_fetches.all()}
    applicant = applicant_of(case)
    to_upload, fetched_now = set(), []
    for material in materials:
        placeholder = placeholders.get(material.pk)
        previous = fetches.get(material.pk)
        if previous is not None and previous.found:
            continue
        if material.pk in uploaded:
            continue
        known, found = _find(material, applicant, case.owner, case.department_id)
        if not known:
            if placeholder is None and submitting:
                CaseMaterial.objects.create(case=case, material=material, status=CaseMaterial.AWAITING)
            continue
        if not found:
            if previous is None:
                MaterialFetch.objects.create(case=case, material=material, outcome=MaterialFetch.NOT_FOUND)
            if placeholder is not None:  # nothing to wait for: the applicant uploads it
                placeholder.delete()
            to_upload.add(material.pk)
            continue
        if placeholder is None:
            placeholder = CaseMaterial(case=case, material=material)
        fetch = previous or MaterialFetch(case=case, material=material)
        fetch.outcome = MaterialFetch.FOUND
        if found[0] == "certificate":
            _, certificate, index, subject = found
            fetch.certificate, fetch.provider_id, fetch.record_count = certificate, certificate.issuer_id, 1
            record_use(
                DataUse.CERTIFICATE,
                subject_index=index,
                subject=subject,
                purpose=purpose_of(case),
                department=case.department,
                case=case,
                actor=actor,
                detail={"material": material.name, "certificate": certificate.identifier},
            )
        else:
            _, resource, index, subject, count = found
            fetch.resource, fetch.provider_id, fetch.record_count = resource, resource.provider_id, count
            record_use(
                DataUse.FETCH,
                subject_index=index,
                subject=subject,
                purpose=purpose_of(case),
                resource=resource,
                department=case.department,
                case=case,
                actor=actor,
                detail={"material": material.name, "rows": count},
            )
        fetch.save()
        placeholder.status = CaseMaterial.FETCHED
        placeholder.save()
        fetched_now.append(material.name)
    if fetched_now:
        record_event(
            EventCode.CASE_MATERIALS_FETCHED, actor=actor, obj=case, payload={"materials": fetched_now}
        )
    return to_upload


def needs_upload(case, material):
    """Whether a fetched-source material of `case` must be uploaded: the hub holds nothing for it."""
    return MaterialFetch.objects.filter(
        case=case, material=material, outcome=MaterialFetch.NOT_FOUND
    ).exists()


def fetches_by_material(case):
    return {
        fetch.material_id: fetch
        for fetch in case.material_fetches.select_related("certificate", "resource", "provider")
    }


def with_fetches(case, case_materials):
    """The case's material rows, each with `.fetch`: what 数据跑路 found for it (or None)."""
    fetches = fetches_by_material(case)
    rows = list(case_materials)
    for row in rows:
        row.fetch = fetches.get(row.material_id)
    return rows


# Prefill ------------------------------------------------------------------------------------------


def _resource_prefills(fields):
    """{field key: (resource name, item key)} of the fields prefilled from a data resource."""
    found = {}
    for field in fields:
        source = field.prefill or ""
        if "." in source and not source.startswith(PLATFORM_PREFILLS):
            resource, _, item = source.rpartition(".")
            found[field.key] = (resource, item)
    return found


def _record_values(record):
    values = dict(record.values or {})
    if record.sealed:
        try:
            values.update(json.loads(record.sealed))
        except ValueError:
            pass
    return values


def resource_values(fields, applicant, owner=None):
    """{field key: value} for the fields prefilled from a resource, read from the applicant's newest
    record there, with {field key: (resource, index, subject)} of the reads (to record as uses)."""
    wanted = _resource_prefills(fields)
    if not wanted:
        return {}, {}
    resources = {
        r.name: r
        for r in Resource.objects.filter(
            name__in={name for name, _ in wanted.values()}, is_active=True
        ).prefetch_related("items")
    }
    values, reads, records = {}, {}, {}
    for key, (name, item_key) in wanted.items():
        resource = resources.get(name)
        if (
            resource is None
            or resource.subject_kind not in (Resource.PERSON, Resource.ENTERPRISE)
            or resource.sharing_type == Resource.SHARE_NONE
            or not any(item.key == item_key for item in resource.items.all())
        ):
            continue
        index, subject = subject_for(resource.subject_kind, applicant, owner)
        if not index:
            continue
        if name not in records:
            record = (
                Record.objects.filter(resource=resource, subject_index=index, is_deleted=False)
                .order_by("-updated_at", "-id")
                .first()
            )
            records[name] = _record_values(record) if record is not None else None
        value = (records[name] or {}).get(item_key)
        if value not in (None, ""):
            values[key] = str(value)
            reads[key] = (resource, index, subject)
    return values, reads


def record_prefill_uses(case, *, actor=None):
    """Record, once per resource, that the case's form was filled from the applicant's records."""
    fields = list(case.version.form_fields.all())
    if not _resource_prefills(fields):
        return
    applicant = applicant_of(case)
    _, reads = resource_values(fields, applicant, case.owner)
    data = case.data
    by_resource = {}
    for key, (resource, index, subject) in reads.items():
        if key in data:
            by_resource.setdefault(resource.pk, (resource, index, subject, []))[3].append(key)
    for resource, index, subject, keys in by_resource.values():
        record_use(
            DataUse.PREFILL,
            subject_index=index,
            subject=subject,
            purpose=purpose_of(case),
            resource=resource,
            department=case.department,
            case=case,
            actor=actor,
            detail={"fields": sorted(keys)},
        )
    if by_resource:
        record_event(
            EventCode.CASE_FORM_PREFILLED,
            actor=actor,
            obj=case,
            payload={"resources": sorted(r.code for r, *_ in by_resource.values())},
        )
