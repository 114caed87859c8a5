"""The one writer of `DataUse` rows: every part of the hub that reads a person's data calls it."""

from yiwang.datahub.models import DataUse


def record_use(
    kind,
    *,
    subject_index,
    purpose,
    subject=None,
    resource=None,
    department=None,
    consumer="",
    grant=None,
    case=None,
    actor=None,
    detail=None,
):
    """Record one use of the data about `subject_index`, in the caller's transaction, and return it.

    `consumer` is the using system's identifier (empty for a use inside the platform, such as a
    case's fetch); `detail` holds facts, never personal values (item keys read, row counts).
    """
    if subject is None and subject_index:
        subject = _known_subject(subject_index)
    use = DataUse.objects.create(
        kind=kind,
        subject_index=subject_index,
        subject=subject,
        resource=resource,
        department=department,
        consumer=consumer,
        purpose=purpose[:200],
        grant_id=getattr(grant, "pk", grant),
        case=case,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        detail=detail or {},
    )
    _to_ledger(use, grant)
    return use


LEDGER_KINDS = {
    DataUse.GATEWAY_LOOKUP: "access.gateway_read",
    DataUse.GATEWAY_QUERY: "access.gateway_read",
    DataUse.GATEWAY_EXPORT: "access.gateway_read",
    DataUse.FETCH: "access.data_fetch",
    DataUse.PREFILL: "access.data_fetch",
    DataUse.CERTIFICATE: "access.data_fetch",
}


def _to_ledger(use, grant):
    """The same use as a ledger entry (DESIGN.md: every access to a person's data is appended to the
    ledger), in the same transaction, so that it is verifiable and listed under "who used my data"."""
    from yiwang.ledger.actions import append_entry

    consumer = use.consumer or (f"department:{use.department.code}" if use.department_id else "")
    fields = (use.detail or {}).get("fields")
    append_entry(
        LEDGER_KINDS[use.kind],
        subject=use.subject,
        actor=use.actor,
        consumer=consumer[:200],
        purpose=use.purpose,
        grant=str(getattr(grant, "code", "") or getattr(grant, "pk", "") or grant or ""),
        obj=use,
        payload={
            "use": use.kind,
            "resource": use.resource.code if use.resource_id else "",
            "case": use.case.number if use.case_id else "",
            **({"fields": fields} if isinstance(fields, list) else {}),
        },
    )


def _known_subject(subject_index):
    """The registered person with this index, if any. Enterprises are passed in by the caller, who
    holds the credit code (they are not blind-indexed in accounts)."""
    from yiwang.accounts.models import Person

    return Person.objects.filter(id_number_index=subject_index).first()  # a Person is its Subject
