"""Writes of the resource catalogue and its datasets: ingest, staleness, catalogue edits.

Ingest (`do_import_file`, `do_import_rows`) streams rows in chunks: each chunk is checked against
the resource's data items, then written with a handful of bulk statements (new records, changed
records, their history rows), so memory stays flat whatever the file's size. The whole file runs in
one transaction: in all-or-nothing mode the first bad row stops the writing (the rest is still
checked, for a complete error report) and everything is rolled back; in good-rows mode bad rows are
reported and skipped. Either way an `ImportBatch` row says what happened.
"""

import json
from itertools import islice

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.pii import sm3_hex
from yiwang.datahub.models import ImportBatch, Record, RecordChange, Resource
from yiwang.datahub.readers import FileError, open_rows
from yiwang.datahub.validation import RowChecker

CHUNK_ROWS = 1000
MAX_ERRORS_KEPT = 500  # the report keeps the first ones; rows_bad counts them all


class _Refused(Exception):
    """Raised inside the import's transaction to roll it back."""


def _sealed_text(sealed):
    return json.dumps(sealed, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if sealed else ""


class _Ingest:
    """The running state of one import: counts, kept errors and the chunk writer."""

    def __init__(self, resource, checker, mode, batch):
        self.resource, self.checker, self.mode, self.batch = resource, checker, mode, batch
        self.total = self.created = self.updated = self.unchanged = self.bad = 0
        self.errors = []

    @property
    def writing(self):
        return not (self.bad and self.mode == ImportBatch.ALL_OR_NOTHING)

    def take(self, chunk):
        good = []
        for number, row in chunk:
            self.total += 1
            checked = self.checker.check(row)
            if checked.ok:
                good.append(checked)
                continue
            self.bad += 1
            for column, message, value in checked.errors:
                if len(self.errors) < MAX_ERRORS_KEPT:
                    self.errors.append(
                        {"row": number, "column": column, "message": str(message), "value": value}
                    )
        if self.writing and good:
            self._write(good)

    def _write(self, rows):
        keys = {row.key_index for row in rows}
        existing = {
            record.key_index: record
            for record in Record.objects.filter(resource=self.resource, key_index__in=keys).only(
                "id", "key_index", "values", "sealed", "version", "is_deleted", "subject_index", "batch_id"
            )
        }
        now = timezone.now()
        new, changed, history = {}, {}, []
        for row in rows:
            sealed = _sealed_text(row.sealed)
            record = new.get(row.key_index) or existing.get(row.key_index)
            if record is None:
                new[row.key_index] = Record(
                    resource=self.resource,
                    key_index=row.key_index,
                    subject_index=row.subject_index,
                    values=row.values,
                    sealed=sealed,
                    version=1,
                    batch=self.batch,
                )
                self.created += 1
                continue
            if not record.is_deleted and record.values == row.values and record.sealed == sealed:
                self.unchanged += 1
                continue
            # The version being superseded goes into the history, as it was written.
            history.append(
                RecordChange(
                    record=record,
                    version=record.version,
                    values=record.values,
                    sealed=record.sealed,
                    kind=RecordChange.CREATED if record.version == 1 else RecordChange.UPDATED,
                    batch_id=record.batch_id,
                )
            )
            record.values, record.sealed, record.subject_index = row.values, sealed, row.subject_index
            record.version += 1
            record.is_deleted = False
            record.batch = self.batch
            record.updated_at = now
            if record.pk is not None:
                changed[record.pk] = record
            self.updated += 1
        if new:
            Record.objects.bulk_create(new.values(), batch_size=500)
        if changed:
            Record.objects.bulk_update(
                changed.values(),
                ["values", "sealed", "subject_index", "version", "is_deleted", "batch", "updated_at"],
                batch_size=500,
            )
        if history:
            for change in history:
                change.record_id = change.record.pk
            RecordChange.objects.bulk_create(history, batch_size=500)


def _chunks(rows, size):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def do_import_rows(
    resource,
    rows,
    *,
    mode,
    source,
    actor,
    filename="",
    digest="",
    checker=None,
    progress=None,
    channel=Channel.SYSTEM,
):
    """Check and write `rows` (an iterable of (row number, {item key: value})) into `resource`.

    Upserts by the resource's key items; a row equal to its record is counted unchanged and leaves
    no new version; a changed record keeps the version it supersedes as a `RecordChange`. In all-or-nothing mode any
    bad row refuses the whole batch and writes nothing. A `FileError` met while reading refuses it
    too, in either mode. Returns the `ImportBatch` (status applied or refused).
    """
    if mode not in dict(ImportBatch.MODE_CHOICES):
        raise ValueError(f"unknown import mode {mode!r}")
    checker = checker or RowChecker(resource)
    state = None
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                resource=resource,
                source=source,
                mode=mode,
                status=ImportBatch.APPLIED,
                filename=filename[:200],
                digest=digest,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            state = _Ingest(resource, checker, mode, batch)
            for chunk in _chunks(rows, CHUNK_ROWS):
                state.take(chunk)
                if progress is not None:
                    progress(state.total)
            if not state.writing:
                raise _Refused
            if state.total == 0:
                state.errors.append(
                    {"row": 0, "column": "", "message": str(_("The file holds no rows.")), "value": ""}
                )
                raise _Refused
            _fill(batch, state)
            batch.save()
            if state.created or state.updated:
                now = timezone.now()
                Resource.objects.filter(pk=resource.pk).update(data_updated_at=now, stale_since=None)
                resource.data_updated_at, resource.stale_since = now, None
            record_event(
                EventCode.DATA_IMPORTED,
                actor=actor,
                obj=batch,
                channel=channel,
                payload={"resource": resource.code, "source": source, "mode": mode, **_counts(batch)},
            )
            return batch
    except _Refused:
        return _refuse(
            resource,
            state.errors,
            state=state,
            mode=mode,
            source=source,
            actor=actor,
            filename=filename,
            digest=digest,
            channel=channel,
        )
    except FileError as error:
        errors = (state.errors if state else [])[: MAX_ERRORS_KEPT - 1]
        errors.append(
            {"row": state.total + 1 if state else 0, "column": "", "message": str(error), "value": ""}
        )
        return _refuse(
            resource,
            errors,
            state=state,
            mode=mode,
            source=source,
            actor=actor,
            filename=filename,
            digest=digest,
            channel=channel,
        )


def _fill(batch, state):
    batch.rows_total, batch.rows_created, batch.rows_updated = state.total, state.created, state.updated
    batch.rows_unchanged, batch.rows_bad, batch.errors = state.unchanged, state.bad, state.errors


def _counts(batch):
    return {
        "rows": batch.rows_total,
        "created": batch.rows_created,
        "updated": batch.rows_updated,
        "unchanged": batch.rows_unchanged,
        "bad": batch.rows_bad,
    }


def _refuse(resource, errors, *, state, mode, source, actor, filename, digest, channel):
    with transaction.atomic():
        batch = ImportBatch(
            resource=resource,
            source=source,
            mode=mode,
            status=ImportBatch.REFUSED,
            filename=filename[:200],
            digest=digest,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if state is not None:
            _fill(batch, state)
            batch.rows_created = batch.rows_updated = batch.rows_unchanged = 0
        batch.errors = errors
        batch.save()
        record_event(
            EventCode.DATA_IMPORT_REFUSED,
            actor=actor,
            obj=batch,
            channel=channel,
            payload={"resource": resource.code, "source": source, "mode": mode, **_counts(batch)},
        )
    return batch


def file_digest(fileobj):
    """SM3 of the whole file, read in blocks (kept on the batch: which file was loaded)."""
    from cryptography.hazmat.primitives import hashes

    digest = hashes.Hash(hashes.SM3())
    fileobj.seek(0)
    while block := fileobj.read(1024 * 1024):
        digest.update(block)
    fileobj.seek(0)
    return digest.finalize().hex()


def do_import_file(
    resource, fileobj, *, filename, mode, source, actor, progress=None, channel=Channel.SYSTEM
):
    """Import a CSV, XLSX or JSON file (a seekable binary file object) into `resource`.

    The header (or each JSON object's keys) may name columns by item key or by item name. Unknown or
    missing required columns, and files that cannot be read, refuse the batch before any row.
    `progress(rows, fraction)` is called after each chunk. Returns the `ImportBatch`.
    """
    checker = RowChecker(resource)
    try:
        digest = file_digest(fileobj)
        source_rows = open_rows(fileobj, filename)
    except (FileError, OSError) as error:
        message = str(error) if isinstance(error, FileError) else _("The file cannot be read.")
        return _refuse(
            resource,
            [{"row": 0, "column": "", "message": message, "value": ""}],
            state=None,
            mode=mode,
            source=source,
            actor=actor,
            filename=filename,
            digest="",
            channel=channel,
        )
    if source_rows.headers is not None:
        mapping, problems = checker.check_header(source_rows.headers)
        if problems:
            source_rows.rows.close()
            return _refuse(
                resource,
                [{"row": 1, "column": "", "message": p, "value": ""} for p in problems],
                state=None,
                mode=mode,
                source=source,
                actor=actor,
                filename=filename,
                digest=digest,
                channel=channel,
            )
        rows = (
            (number, {mapping[h]: v for h, v in row.items() if h in mapping})
            for number, row in source_rows.rows
        )
    else:
        rows = ((number, _by_key(checker, row)) for number, row in source_rows.rows)
    report = None if progress is None else (lambda total: progress(total, source_rows.progress()))
    return do_import_rows(
        resource,
        rows,
        mode=mode,
        source=source,
        actor=actor,
        filename=filename,
        digest=digest,
        checker=checker,
        progress=report,
        channel=channel,
    )


def _by_key(checker, row):
    """A JSON object's keys as item keys (an item's name is accepted too)."""
    named = {}
    for column, value in row.items():
        item = checker.column_item(column)
        named[item.key if item is not None else str(column)] = value
    return named


# Staleness ---------------------------------------------------------------------------------------


def stewards_of(department):
    """The users holding the data steward role in `department` or a department above it."""
    from yiwang.accounts.models import Role, RoleAssignment

    assignments = RoleAssignment.objects.filter(role=Role.DATA_STEWARD).select_related("user", "department")
    return [a.user for a in assignments if department.path.startswith(a.department.path) and a.user.is_active]


def do_check_staleness(now=None):
    """Flag the active resources that missed their update cycle and tell their stewards, once.

    A resource is claimed with a conditional update (stale_since still empty), so two workers
    running the check at once notify once; an ingest that changes data clears the flag, and the
    next miss notifies again. Returns the resources newly flagged.
    """
    from yiwang.notify.actions import do_notify

    now = now or timezone.now()
    flagged = []
    candidates = (
        Resource.objects.filter(is_active=True, stale_since__isnull=True)
        .exclude(update_cycle=Resource.IRREGULAR)
        .select_related("provider")
    )
    for resource in candidates:
        due = resource.update_due_at()
        if due is None or due > now:
            continue
        with transaction.atomic():
            if not Resource.objects.filter(pk=resource.pk, stale_since__isnull=True).update(stale_since=now):
                continue
            resource.stale_since = now
            record_event(
                EventCode.RESOURCE_STALE,
                obj=resource,
                payload={"resource": resource.code, "due": due.isoformat()},
            )
            link = reverse("staff_data:resource", args=[resource.code])
            for steward in stewards_of(resource.provider):
                do_notify(
                    steward,
                    subject=_("Data resource %(name)s is out of date") % {"name": resource.name},
                    body=_(
                        "%(name)s should be updated %(cycle)s; its data was last updated on %(date)s. "
                        "Please load the current data."
                    )
                    % {
                        "name": resource.name,
                        "cycle": resource.get_update_cycle_display(),
                        "date": _date_text(resource.data_updated_at),
                    },
                    obj=resource,
                    link=link,
                    media=("in_app",),
                )
        flagged.append(resource)
    return flagged


def _date_text(moment):
    return timezone.localtime(moment).date().isoformat() if moment else _("never")


# Catalogue edits (the Django admin calls these) -------------------------------------------------------


def do_save_data_element(element, *, actor, changed=()):
    """Save a data element of the standard registry and record who did it."""
    with transaction.atomic():
        created = element.pk is None
        element.full_clean()
        element.save()
        record_event(
            EventCode.DATA_ELEMENT_SAVED,
            actor=actor,
            obj=element,
            payload={"identifier": element.identifier, "created": created, "changed": list(changed)},
        )
    return element


def do_save_resource(resource, *, actor, changed=()):
    """Save a resource's catalogue metadata and record who did it (the admin saves its data items
    after this, in the same request, once its item formset has checked them)."""
    with transaction.atomic():
        created = resource.pk is None
        resource.full_clean(exclude=["related"])
        resource.save()
        record_event(
            EventCode.RESOURCE_SAVED,
            actor=actor,
            obj=resource,
            payload={"code": resource.code, "created": created, "changed": list(changed)},
        )
    return resource


def do_reveal_record(record, *, actor, channel=Channel.WEB):
    """Open a record's personal values (and those of its history) for a steward of its provider.

    Returns nothing itself: the caller shows what it reads from the record; this writes the trace
    that someone looked, with no value in it."""
    record_event(
        EventCode.RECORD_REVEALED,
        actor=actor,
        obj=record,
        channel=channel,
        payload={"resource": record.resource.code, "version": record.version},
    )


def hash_request_rows(rows):
    """SM3 of an API push's rows (kept on the batch, as a file's digest is)."""
    return sm3_hex(json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
