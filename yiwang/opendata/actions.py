"""Every write of the open-data portal: publishing and withdrawing datasets, developers and their
applications, showcase entries. Counts of views and downloads are plain increments, not events."""

import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.accounts.models import Role
from yiwang.core.channels import Channel
from yiwang.core.cleantext import clean_text
from yiwang.core.events import EventCode, record_event
from yiwang.core.permissions import user_has_role
from yiwang.notify.actions import do_notify
from yiwang.opendata import quality
from yiwang.opendata.models import AccessApplication, Developer, OpenDataset, Showcase, Theme
from yiwang.opendata.publishing import check_publication

STAMP_KEY = "opendata:catalogue-stamp"


def _moved():
    """Tell every process's search index that the open catalogue changed (after commit)."""
    transaction.on_commit(lambda: cache.set(STAMP_KEY, uuid.uuid4().hex, None))


def _text(value, field, *, limit, required=True):
    return clean_text(value, field=field, max_length=limit, required=required, multiline=True)


def _tags(tags):
    if isinstance(tags, str):
        tags = [t for t in tags.replace("，", ",").split(",")]
    if not isinstance(tags, list) or len(tags) > 20:
        raise ValidationError({"tags": _("Give at most 20 keywords.")})
    cleaned = []
    for tag in tags:
        tag = clean_text(tag, field="tags", max_length=100, multiline=False) if isinstance(tag, str) else ""
        if tag and len(tag) <= 30 and tag not in cleaned:
            cleaned.append(tag)
        elif tag:
            raise ValidationError({"tags": _("A keyword has at most 30 characters.")})
    return cleaned


def may_publish(user, resource):
    """The provider's data steward (or a steward above it) decides what of its data is opened."""
    return user_has_role(user, Role.DATA_STEWARD, department=resource.provider)


def _spec(resource, spec):
    name = spec.get("name") or ""
    fields = spec.get("fields") or []
    aggregate_by = spec.get("aggregate_by") or []
    errors = check_publication(resource, name=name, fields=fields, aggregate_by=aggregate_by)
    clean = {"name": name, "fields": list(aggregate_by) or list(fields), "aggregate_by": list(aggregate_by)}
    try:
        clean["title"] = _text(spec.get("title") or resource.name, "title", limit=200)
        clean["notes"] = _text(spec.get("notes") or resource.abstract, "notes", limit=4000)
        clean["tags"] = _tags(spec.get("tags") or [])
        clean["licence"] = _text(spec.get("licence") or "cc-by-4.0", "licence", limit=40)
    except ValidationError as error:
        errors.update(error.message_dict)
    if spec.get("theme") not in Theme.values:
        errors["theme"] = _("Choose a theme.")
    clean["theme"] = spec.get("theme")
    if errors:
        raise ValidationError(errors)
    return clean


def do_publish_dataset(resource, spec, *, actor, channel=Channel.WEB):
    """Open `resource` (or change what is opened) as `spec` says: name, title, notes, theme, tags,
    licence, fields, aggregate_by. Refused, with errors by field, if any rule would let personal
    data out. Returns the dataset."""
    if not may_publish(actor, resource):
        raise PermissionDenied
    return publish_checked(resource, spec, actor=actor, channel=channel)


def publish_checked(resource, spec, *, actor, channel=Channel.SYSTEM):
    """Publishing once the caller is known to be allowed (the steward's action above, the demo
    loader); every rule on what is opened still applies."""
    clean = _spec(resource, spec)
    now = timezone.now()
    with transaction.atomic():
        dataset = OpenDataset.objects.select_for_update().filter(resource=resource).first()
        if OpenDataset.objects.filter(name=clean["name"]).exclude(resource=resource).exists():
            raise ValidationError({"name": _("Another dataset already has this name.")})
        code = EventCode.OPEN_DATASET_CHANGED
        if dataset is None:
            dataset = OpenDataset(resource=resource, published_at=now)
            code = EventCode.OPEN_DATASET_PUBLISHED
        elif dataset.status == OpenDataset.WITHDRAWN:
            dataset.published_at, dataset.withdrawn_at = now, None
            code = EventCode.OPEN_DATASET_PUBLISHED
        for key, value in clean.items():
            setattr(dataset, key, value)
        dataset.status = OpenDataset.PUBLISHED
        dataset.quality, dataset.quality_parts = quality.score(dataset, now)
        dataset.quality_at = now
        try:
            with transaction.atomic():
                dataset.save()
        except IntegrityError:
            raise ValidationError({"name": _("Another dataset already has this name.")}) from None
        record_event(
            code,
            actor=actor,
            obj=dataset,
            channel=channel,
            payload={
                "resource": resource.code,
                "name": dataset.name,
                "fields": dataset.fields,
                "aggregate_by": dataset.aggregate_by,
            },
        )
        _moved()
    return dataset


def do_withdraw_dataset(dataset, *, actor, reason, channel=Channel.WEB):
    if not may_publish(actor, dataset.resource):
        raise PermissionDenied
    reason = _text(reason, "reason", limit=500)
    with transaction.atomic():
        updated = OpenDataset.objects.filter(pk=dataset.pk, status=OpenDataset.PUBLISHED).update(
            status=OpenDataset.WITHDRAWN, withdrawn_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("This dataset is not published."))
        record_event(
            EventCode.OPEN_DATASET_WITHDRAWN,
            actor=actor,
            obj=dataset,
            channel=channel,
            payload={"name": dataset.name, "reason": reason},
        )
        _moved()
    dataset.refresh_from_db()
    return dataset


def do_refresh_quality(dataset, now=None):
    """Recompute one dataset's quality score (scheduled; not an event: nothing is decided)."""
    now = now or timezone.now()
    score, parts = quality.score(dataset, now)
    OpenDataset.objects.filter(pk=dataset.pk).update(quality=score, quality_parts=parts, quality_at=now)
    return score


def count_view(dataset):
    OpenDataset.objects.filter(pk=dataset.pk).update(view_count=F("view_count") + 1)


def count_download(dataset):
    OpenDataset.objects.filter(pk=dataset.pk).update(download_count=F("download_count") + 1)


# Developers ---------------------------------------------------------------------------------------


def do_register_developer(user, *, organisation, purpose, agreed, actor, channel=Channel.WEB):
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if agreed is not True:
        raise ValidationError({"agreed": _("Read and accept the open-data terms to register.")})
    organisation = _text(organisation, "organisation", limit=200, required=False)
    purpose = _text(purpose, "purpose", limit=2000)
    with transaction.atomic():
        try:
            with transaction.atomic():
                developer = Developer.objects.create(
                    user=user, organisation=organisation, purpose=purpose, agreed_at=timezone.now()
                )
        except IntegrityError:
            raise ValidationError(_("You are already registered as a developer.")) from None
        record_event(
            EventCode.DEVELOPER_REGISTERED,
            actor=actor,
            obj=developer,
            channel=channel,
            payload={"organisation": organisation},
        )
    return developer


def do_apply_for_access(developer, dataset, *, purpose, actor, channel=Channel.WEB):
    if dataset.status != OpenDataset.PUBLISHED or not dataset.is_conditional:
        raise ValidationError(_("This dataset does not need an application."))
    purpose = _text(purpose, "purpose", limit=2000)
    with transaction.atomic():
        if has_access(developer.user, dataset):
            raise ValidationError(_("You may already read this dataset."))
        try:
            with transaction.atomic():
                application = AccessApplication.objects.create(
                    developer=developer, dataset=dataset, purpose=purpose
                )
        except IntegrityError:
            raise ValidationError(_("Your application for this dataset is waiting for an answer.")) from None
        record_event(
            EventCode.DATA_ACCESS_APPLIED,
            actor=actor,
            obj=application,
            channel=channel,
            payload={"dataset": dataset.name},
        )
    return application


def do_decide_application(application, *, approve, reason, actor, channel=Channel.WEB):
    """The provider's steward approves or refuses; a refusal needs its reason (国发〔2016〕51号 spirit)."""
    if not may_publish(actor, application.dataset.resource):
        raise PermissionDenied
    reason = _text(reason, "reason", limit=1000, required=not approve)
    with transaction.atomic():
        updated = AccessApplication.objects.filter(
            pk=application.pk, status=AccessApplication.PENDING
        ).update(
            status=AccessApplication.APPROVED if approve else AccessApplication.REFUSED,
            reason=reason,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("This application has already been answered."))
        application.refresh_from_db()
        record_event(
            EventCode.DATA_ACCESS_DECIDED,
            actor=actor,
            obj=application,
            channel=channel,
            payload={"dataset": application.dataset.name, "approved": bool(approve)},
        )
        title = application.dataset.title
        if approve:
            subject = _("You may now read “%(title)s”") % {"title": title}
        else:
            subject = _("Your application to read “%(title)s” was refused") % {"title": title}
        do_notify(
            application.developer.user,
            subject=subject,
            body=reason or subject,
            obj=application,
            link=f"/opendata/dataset/{application.dataset.name}/",
        )
    return application


def do_revoke_access(application, *, reason, actor, channel=Channel.WEB):
    if not may_publish(actor, application.dataset.resource):
        raise PermissionDenied
    reason = _text(reason, "reason", limit=1000)
    with transaction.atomic():
        updated = AccessApplication.objects.filter(
            pk=application.pk, status=AccessApplication.APPROVED
        ).update(status=AccessApplication.REVOKED, reason=reason, decided_by=actor, decided_at=timezone.now())
        if not updated:
            raise ValidationError(_("Only approved access can be revoked."))
        record_event(
            EventCode.DATA_ACCESS_REVOKED,
            actor=actor,
            obj=application,
            channel=channel,
            payload={"dataset": application.dataset.name},
        )
    application.refresh_from_db()
    return application


def has_access(user, dataset):
    """Whether `user` may read the rows of `dataset` (anyone, for 无条件开放)."""
    if dataset.status != OpenDataset.PUBLISHED or dataset.resource.opening_type == "none":
        return False
    if not dataset.is_conditional:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return AccessApplication.objects.filter(
        developer__user=user, dataset=dataset, status=AccessApplication.APPROVED
    ).exists()


# Showcase -----------------------------------------------------------------------------------------


def do_submit_showcase(developer, *, title, description, url, datasets, actor, channel=Channel.WEB):
    title = _text(title, "title", limit=200)
    description = _text(description, "description", limit=4000)
    url = _text(url, "url", limit=300)
    if not (url.startswith("https://") or url.startswith("http://")):
        raise ValidationError({"url": _("Give the address of the app or analysis, starting with https://")})
    datasets = list(datasets)
    if not datasets or any(d.status != OpenDataset.PUBLISHED for d in datasets):
        raise ValidationError({"datasets": _("Choose the published datasets it uses.")})
    with transaction.atomic():
        showcase = Showcase.objects.create(developer=developer, title=title, description=description, url=url)
        showcase.datasets.set(datasets)
        record_event(
            EventCode.SHOWCASE_SUBMITTED,
            actor=actor,
            obj=showcase,
            channel=channel,
            payload={"datasets": [d.name for d in datasets]},
        )
    return showcase


def may_moderate(user, showcase):
    """A steward of a department that provides one of the datasets used moderates the entry."""
    return any(
        may_publish(user, dataset.resource)
        for dataset in showcase.datasets.select_related("resource__provider")
    )


def do_moderate_showcase(showcase, *, approve, reason, actor, channel=Channel.WEB):
    if not may_moderate(actor, showcase):
        raise PermissionDenied
    reason = _text(reason, "reason", limit=1000, required=not approve)
    with transaction.atomic():
        updated = Showcase.objects.filter(pk=showcase.pk, status=Showcase.PENDING).update(
            status=Showcase.APPROVED if approve else Showcase.REJECTED,
            reason=reason,
            moderated_by=actor,
            moderated_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("This entry has already been moderated."))
        record_event(
            EventCode.SHOWCASE_MODERATED,
            actor=actor,
            obj=showcase,
            channel=channel,
            payload={"approved": bool(approve)},
        )
        showcase.refresh_from_db()
        subject = (
            _("Your showcase entry “%(title)s” is shown")
            if approve
            else _("Your showcase entry “%(title)s” was not accepted")
        ) % {"title": showcase.title}
        do_notify(
            showcase.developer.user,
            subject=subject,
            body=reason or subject,
            obj=showcase,
            link="/opendata/showcase/",
        )
    return showcase


def refresh_all_quality(now=None):
    """Recompute every published dataset's quality score; returns how many."""
    now = now or timezone.now()
    datasets = OpenDataset.objects.filter(status=OpenDataset.PUBLISHED).select_related("resource__provider")
    count = 0
    for dataset in datasets.iterator(chunk_size=200):
        do_refresh_quality(dataset, now)
        count += 1
    _moved()
    return count
