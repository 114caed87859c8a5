"""Every write to accounts, persons, enterprises, departments and roles.

Each action is atomic, checks its guard, records an event, and raises a `ValidationError` with a
translated message (keyed by field where there is one) when it refuses; a refusal changes nothing.
"""

import datetime
import hmac as std_hmac
import re
import secrets
import time

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.accounts import tokencache
from yiwang.accounts.models import (
    ADMIN_ROLES,
    ApiToken,
    Department,
    Enterprise,
    EnterpriseAgent,
    Person,
    Role,
    RoleAssignment,
    Subject,
    User,
)
from yiwang.core.channels import Channel
from yiwang.core.events import EventCode, record_event
from yiwang.core.identifiers import IdentifierError, normalise, parse_citizen_id, parse_credit_code
from yiwang.core.pii import blind_index, sm3_hex

PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")  # not \d: it also matches "٥" or "５", a second spelling
NAME_RE = re.compile(
    r"^[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134fA-Za-z·•\. ]{2,40}$"
)
TOTP_ISSUER = "Yiwang"


class LoginRefused(Exception):
    """A login that did not succeed; `message` is translated and reveals nothing about the account."""

    def __init__(self, message, *, locked_until=None):
        super().__init__(message)
        self.message = message
        self.locked_until = locked_until


# Lookups -----------------------------------------------------------------------------------------


def citizen_id_index(number):
    return blind_index("citizen_id", normalise(number))


def phone_index(number):
    return blind_index("phone", normalise(number))


def find_user_by_identifier(identifier):
    """The account named by a username, a citizen ID number or a registered mobile number."""
    identifier = (identifier or "").strip()
    if not identifier or len(identifier) > 150:
        return None
    if identifier[0].isalpha():  # usernames start with a letter and are stored in lower case
        return User.objects.filter(username=identifier.lower()).first()
    compact = normalise(identifier)
    if len(compact) == 18:
        person = Person.objects.filter(id_number_index=citizen_id_index(compact), user__isnull=False).first()
        return person.user if person else None
    if PHONE_RE.match(compact):
        people = list(Person.objects.filter(phone_index=phone_index(compact), user__isnull=False)[:2])
        return people[0].user if len(people) == 1 else None
    return None


# Validation shared by registration and person creation -------------------------------------------


def _clean_person_fields(name, id_number, phone, *, phone_required):
    errors = {}
    name = (name or "").strip()
    if not NAME_RE.match(name):
        errors["real_name"] = _("Enter your name as it appears on your ID card (2 to 40 characters).")
    try:
        parsed = parse_citizen_id(id_number)
    except IdentifierError as error:
        errors["id_number"] = error.messages[0]
        parsed = None
    phone = normalise(phone)
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = _("Enter an 11-digit mainland mobile number such as 13812345678.")
    elif not phone and phone_required:
        errors["phone"] = _("Enter your mobile number.")
    if errors:
        raise ValidationError(errors)
    return name, parsed, phone


def _set_new_password(user, password, *, field):
    """Check a new password against the rules (a refusal keyed by `field`) and set it, unsaved."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    user.set_password(password)
    user.password_changed_at = timezone.now()


def _generated_username(prefix):
    return f"{prefix}{secrets.token_hex(5)}"


def do_create_person(*, name, id_number, phone="", user=None, actor=None):
    """Record a natural person (e.g. from a counter application or demo data); refuses duplicates."""
    name, parsed, phone = _clean_person_fields(name, id_number, phone, phone_required=False)
    with transaction.atomic():
        if Person.objects.filter(id_number_index=citizen_id_index(parsed.number)).exists():
            raise ValidationError(
                {"id_number": _("A person with this citizen ID number is already recorded.")}
            )
        person = Person.objects.create(
            kind=Subject.PERSON,
            name=name,
            user=user,
            id_number=parsed.number,
            id_number_index=citizen_id_index(parsed.number),
            phone=phone,
            phone_index=phone_index(phone) if phone else "",
            birth_date=parsed.birth_date,
            sex=parsed.sex,
        )
    return person


def do_register_citizen(*, real_name, id_number, phone, password, channel=Channel.WEB, ip=None):
    """Create a citizen account with its person profile (实名注册).

    Refuses an invalid name, ID number or phone, an ID number or phone already registered, and a
    password that breaks the password rules.
    """
    name, parsed, phone = _clean_person_fields(real_name, id_number, phone, phone_required=True)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _register_citizen(name, parsed, phone, password, channel=channel, ip=ip)
        except IntegrityError:
            # Something with the same ID number or phone committed first: a registration (refused
            # now with the usual message) or a counter recording the person (try once more).
            _check_not_registered(parsed.number, phone)
            if attempt == 2:
                raise ValidationError(
                    {
                        "id_number": _(
                            "This citizen ID number is already registered. Log in, or reset your password at a "
                            "service counter."
                        )
                    }
                ) from None


def _check_not_registered(id_number, phone):
    if Person.objects.filter(id_number_index=citizen_id_index(id_number), user__isnull=False).exists():
        raise ValidationError(
            {
                "id_number": _(
                    "This citizen ID number is already registered. Log in, or reset your password at a service counter."
                )
            }
        )
    if Person.objects.filter(phone_index=phone_index(phone), user__isnull=False).exists():
        raise ValidationError({"phone": _("This mobile number is already used by another account.")})


def _register_citizen(name, parsed, phone, password, *, channel, ip):
    _check_not_registered(parsed.number, phone)
    existing = Person.objects.filter(id_number_index=citizen_id_index(parsed.number)).first()
    if existing and (existing.name != name or (existing.phone and existing.phone != phone)):
        # Known already (e.g. from a counter visit) with other details: taking it over online
        # would let anyone who knows an ID number claim it. Which detail differs is not said.
        raise ValidationError(
            {
                "id_number": _(
                    "These details do not match what is recorded for this ID number. "
                    "Please register at a service counter with your ID card."
                )
            }
        )
    user = User(username=_generated_username("p"))
    _set_new_password(user, password, field="password1")
    user.save()
    if existing:
        # Claim the record with a conditional update: of two registrations at once, one wins. (Only
        # the person table's own columns: an update that also touches the parent Subject row is
        # split by Django into a SELECT and UPDATEs, and the condition no longer guards it.)
        if not Person.objects.filter(pk=existing.pk, user__isnull=True).update(
            user=user, phone=phone, phone_index=phone_index(phone)
        ):
            raise IntegrityError("person claimed by another registration")
        Subject.objects.filter(pk=existing.pk).update(updated_at=timezone.now())
    else:
        do_create_person(name=name, id_number=parsed.number, phone=phone, user=user)
    record_event(
        EventCode.USER_REGISTERED,
        actor=user,
        obj=user,
        channel=channel,
        ip=ip,
        payload={"region_known": not parsed.warnings},
    )
    return user


def do_create_staff(*, username, name, password, actor, email=""):
    """Create a staff account; roles are granted separately by a security administrator."""
    username = (username or "").strip().lower()
    if not re.match(r"^[a-z][a-z0-9_.-]{2,39}$", username):
        raise ValidationError(
            {
                "username": _(
                    "A username has 3 to 40 letters, digits, dots, dashes or underscores and starts with a letter."
                )
            }
        )
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationError({"username": _("This username is taken.")})
        user = User(username=username, first_name=(name or "")[:150], email=email or "")
        _set_new_password(user, password, field="password")
        user.save()
        record_event(EventCode.STAFF_CREATED, actor=actor, obj=user, payload={"username": username})
    return user


# Roles and departments ---------------------------------------------------------------------------


def do_grant_role(user, department, role, *, actor):
    """Give a user a role in a department.

    Refuses an unknown role, an inactive user or department, a citizen's own account (roles go to
    staff accounts made by do_create_staff), a grant to oneself, and a second one of the three
    administrator duties (system, security, audit), which must stay with different people.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"user": _("Nobody may grant a role to themselves.")})
    if Person.objects.filter(user_id=user.pk).exists():
        raise ValidationError(
            {
                "user": _(
                    "This is a citizen's account. Roles are given to staff accounts, which an administrator creates."
                )
            }
        )
    if not user.is_active:
        raise ValidationError({"user": _("This account is deactivated.")})
    if not department.is_active:
        raise ValidationError({"department": _("This department is no longer active.")})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one grant per user at a time
        if role in ADMIN_ROLES:
            held = set(user.role_assignments.filter(role__in=ADMIN_ROLES).values_list("role", flat=True))
            if held - {role}:
                raise ValidationError(
                    {"role": _("System, security and audit administration must be held by different people.")}
                )
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, department=department, role=role, defaults={"granted_by": actor}
        )
        if created:
            record_event(
                EventCode.ROLE_GRANTED,
                actor=actor,
                obj=user,
                payload={"role": role, "department": department.code},
            )
            tokencache.forget_user(user)
    user.__dict__.pop("_role_cache", None)
    return assignment


def do_revoke_role(assignment, *, actor):
    """Take a role away."""
    with transaction.atomic():
        record_event(
            EventCode.ROLE_REVOKED,
            actor=actor,
            obj=assignment.user,
            payload={"role": assignment.role, "department": assignment.department.code},
        )
        tokencache.forget_user(assignment.user_id)
        assignment.delete()


def _path_of(parent, pk):
    return f"{parent.path if parent else '/'}{pk}/"


def _check_parent(kind, parent):
    parent_kind = parent.kind if parent else None
    if parent_kind not in Department.ALLOWED_PARENTS.get(kind, set()):
        raise ValidationError(
            {
                "parent": _("A %(kind)s cannot be placed under %(parent)s.")
                % {
                    "kind": dict(Department.KIND_CHOICES).get(kind, kind),
                    "parent": parent.name if parent else _("nothing (the top of the tree)"),
                }
            }
        )


def do_create_department(*, code, name, kind, parent=None, actor, **fields):
    """Add a department, unit, street or community under its parent."""
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not name:
        raise ValidationError({"name": _("A department needs a code and a name.")})
    _check_parent(kind, parent)
    credit_code = fields.get("credit_code")
    if credit_code:
        try:
            fields["credit_code"] = parse_credit_code(credit_code).code
        except IdentifierError as error:
            raise ValidationError({"credit_code": error.messages[0]}) from None
    with transaction.atomic():
        if Department.objects.filter(code=code).exists():
            raise ValidationError({"code": _("This code is already used by another department.")})
        department = Department.objects.create(
            code=code, name=name, kind=kind, parent=parent, path="", **fields
        )
        department.path = _path_of(parent, department.pk)
        department.save(update_fields=["path"])
        record_event(
            EventCode.DEPARTMENT_CREATED,
            actor=actor,
            obj=department,
            payload={"code": code, "name": name, "kind": kind},
        )
    return department


def do_change_department(department, *, actor, **changes):
    """Rename, move or deactivate a department; a move carries its whole subtree."""
    allowed = {
        "name",
        "short_name",
        "name_en",
        "parent",
        "credit_code",
        "phone",
        "address",
        "sort_order",
        "is_active",
        "code",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if changes.get("credit_code"):
        try:
            changes["credit_code"] = parse_credit_code(changes["credit_code"]).code
        except IdentifierError as error:
            raise ValidationError({"credit_code": error.messages[0]}) from None
    with transaction.atomic():
        old_path = department.path
        if "parent" in changes:
            parent = changes["parent"]
            _check_parent(department.kind, parent)
            if parent and parent.path.startswith(department.path):
                raise ValidationError({"parent": _("A department cannot be moved under itself.")})
        if (
            "code" in changes
            and Department.objects.filter(code=changes["code"]).exclude(pk=department.pk).exists()
        ):
            raise ValidationError({"code": _("This code is already used by another department.")})
        for name, value in changes.items():
            setattr(department, name, value)
        department.path = _path_of(department.parent, department.pk)
        department.save()
        if department.path != old_path:
            for child in Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk):
                child.path = department.path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
        record_event(
            EventCode.DEPARTMENT_CHANGED,
            actor=actor,
            obj=department,
            payload={k: (v.code if isinstance(v, Department) else v) for k, v in changes.items()},
        )
        tokencache.forget_department(department)
    return department


# Enterprises -------------------------------------------------------------------------------------


def do_register_enterprise(*, user, name, credit_code, legal_representative, channel=Channel.WEB, actor=None):
    """Record an enterprise with `user` as its legal representative (法定代表人).

    Only the legal representative registers an enterprise, under their own real name: refuses a
    user without a verified person profile or whose name is not the legal representative's, and a
    code already registered. Agents are added afterwards by the legal representative.
    (The market regulator's register will confirm the pair once data sharing lands.)
    """
    errors = {}
    name = (name or "").strip()
    legal_representative = (legal_representative or "").strip()
    if not 2 <= len(name) <= 200:
        errors["name"] = _("Enter the enterprise's registered name.")
    if not NAME_RE.match(legal_representative):
        errors["legal_representative"] = _("Enter the legal representative's name.")
    try:
        code = parse_credit_code(credit_code).code
    except IdentifierError as error:
        errors["credit_code"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    if user is not None:
        person = Person.objects.filter(user_id=user.pk).first()
        if person is None or person.name != legal_representative:
            raise ValidationError(
                {
                    "legal_representative": _(
                        "Only the legal representative can register an enterprise, under the real name of their own account."
                    )
                }
            )
    with transaction.atomic():
        if Enterprise.objects.filter(credit_code=code).exists():
            raise ValidationError(
                {
                    "credit_code": _(
                        "This enterprise is already registered. Ask its legal representative to add you as an agent."
                    )
                }
            )
        enterprise = Enterprise.objects.create(
            kind=Subject.ENTERPRISE, name=name, credit_code=code, legal_representative=legal_representative
        )
        if user is not None:
            EnterpriseAgent.objects.create(
                enterprise=enterprise, user=user, capacity=EnterpriseAgent.LEGAL_REPRESENTATIVE
            )
            tokencache.forget_user(user)
        record_event(
            EventCode.ENTERPRISE_REGISTERED,
            actor=actor or user,
            obj=enterprise,
            channel=channel,
            payload={"credit_code": code},
        )
    return enterprise


def do_add_enterprise_agent(enterprise, user, *, actor, capacity=EnterpriseAgent.AGENT):
    """Let another user act for the enterprise; only its legal representative may do this."""
    if (
        actor is not None
        and not EnterpriseAgent.objects.filter(
            enterprise=enterprise, user=actor, capacity=EnterpriseAgent.LEGAL_REPRESENTATIVE
        ).exists()
    ):
        raise ValidationError(_("Only the legal representative can add agents."))
    with transaction.atomic():
        agent, created = EnterpriseAgent.objects.get_or_create(
            enterprise=enterprise, user=user, defaults={"capacity": capacity}
        )
        if created:
            record_event(
                EventCode.ENTERPRISE_AGENT_ADDED,
                actor=actor,
                obj=enterprise,
                payload={"user": str(user.code), "capacity": capacity},
            )
            tokencache.forget_user(user)
    return agent


# Login, lock-out and the second factor ----------------------------------------------------------


def _lock_message(until):
    local = timezone.localtime(until)
    return _("Too many failed attempts. This account is locked until %(time)s.") % {
        "time": local.strftime("%H:%M")
    }


def _unknown_identifier(identifier, *, ip, channel, reason):
    """Refuse a login for an identifier with no usable account exactly as for a real one.

    Failures are counted per identifier (in the cache, keyed by its blind index) and "lock" it
    after as many attempts, so that neither the message nor the lock-out tells which accounts exist.
    """
    User().set_password("")  # spend the time of a real password check
    record_event(EventCode.LOGIN_FAILED, channel=channel, ip=ip, success=False, payload={"reason": reason})
    key = "yiwang:login-unknown:" + blind_index("login", (identifier or "").strip().lower()[:150])
    lock_seconds = settings.LOGIN_LOCK_MINUTES * 60
    now = timezone.now()
    until = cache.get(key + ":until")
    if until is None or until <= now:
        cache.add(key, 0, lock_seconds)
        try:
            failures = cache.incr(key)  # atomic, like the claim of a real account's attempt
        except ValueError:  # the counter expired between add and incr
            cache.add(key, 1, lock_seconds)
            failures = 1
        if failures < settings.LOGIN_MAX_FAILURES:
            raise LoginRefused(_("The account or password is not correct."))
        cache.add(key + ":until", now + datetime.timedelta(seconds=lock_seconds), lock_seconds)
        cache.delete(key)
        until = cache.get(key + ":until") or now + datetime.timedelta(seconds=lock_seconds)
    raise LoginRefused(_lock_message(until), locked_until=until)


def _claim_attempt(user):
    """Reserve one attempt before checking anything: a conditional update, so that parallel guesses
    cannot get past the limit. Returns False when the account is locked or its attempts are used up."""
    now = timezone.now()
    return (
        User.objects.filter(pk=user.pk, failed_logins__lt=settings.LOGIN_MAX_FAILURES)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(failed_logins=F("failed_logins") + 1)
        == 1
    )


def _refund_attempt(user):
    """A correct password or code gives its reserved attempt back."""
    User.objects.filter(pk=user.pk, failed_logins__gt=0).update(failed_logins=F("failed_logins") - 1)


def _lock_if_exhausted(user, *, ip, channel):
    """Lock the account if its attempts are used up; True if this call locked it."""
    until = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    with transaction.atomic():
        if User.objects.filter(pk=user.pk, failed_logins__gte=settings.LOGIN_MAX_FAILURES).update(
            locked_until=until, failed_logins=0
        ):
            tokencache.forget_user(user)  # its API tokens stop at once, not when the cache entry expires
            record_event(
                EventCode.ACCOUNT_LOCKED,
                obj=user,
                channel=channel,
                ip=ip,
                success=False,
                payload={"until": until.isoformat()},
            )
            return True
    return False


def _refuse(user, *, ip, channel, reason, message=None):
    """Record a failed attempt (already counted by its claim) and lock when the attempts are used up.

    Raises LoginRefused with the lock-out message if this attempt used up the last one, else with
    `message` when one is given (otherwise returns, for the caller to raise its own error). Only the
    attempt that locks says so: attempts in flight at the same moment get the ordinary message, as
    they would for an identifier without an account."""
    failures = User.objects.filter(pk=user.pk).values_list("failed_logins", flat=True).first()
    record_event(
        _failure_code(reason),
        obj=user,
        channel=channel,
        ip=ip,
        success=False,
        payload={"reason": reason, "failures": failures},
    )
    if _lock_if_exhausted(user, ip=ip, channel=channel):
        user.refresh_from_db(fields=["locked_until", "failed_logins"])
        raise LoginRefused(_lock_message(user.locked_until), locked_until=user.locked_until)
    if message is not None:
        raise LoginRefused(message)


def _failure_code(reason):
    return EventCode.SECOND_FACTOR_FAILED if reason == "second_factor" else EventCode.LOGIN_FAILED


def _refuse_unclaimed(user, *, ip, channel, step):
    """The attempt could not be claimed: the account is locked (or is being locked right now)."""
    _lock_if_exhausted(user, ip=ip, channel=channel)
    user.refresh_from_db(fields=["locked_until", "failed_logins"])
    record_event(
        _failure_code(step),
        obj=user,
        channel=channel,
        ip=ip,
        success=False,
        payload={"reason": "locked", "step": step},
    )
    until = user.locked_until or timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    raise LoginRefused(_lock_message(until), locked_until=until)


def do_check_password(identifier, password, *, ip=None, channel=Channel.WEB):
    """First step of a login: check the password, counting failures and locking after too many.

    Returns the user; raises LoginRefused. An unknown account, an inactive one and a wrong password
    get the same message and the same lock-out, so the form does not tell which accounts exist.
    """
    user = find_user_by_identifier(identifier)
    if user is None or not user.is_active:
        _unknown_identifier(
            identifier, ip=ip, channel=channel, reason="unknown_account" if user is None else "inactive"
        )
    if not _claim_attempt(user):
        _refuse_unclaimed(user, ip=ip, channel=channel, step="password")
    if not user.check_password(password or ""):
        _refuse(
            user,
            ip=ip,
            channel=channel,
            reason="password",
            message=_("The account or password is not correct."),
        )
    _refund_attempt(user)
    return user


def do_record_login(user, *, ip=None, channel=Channel.WEB, second_factor=False):
    """The login succeeded (after the second factor for staff): reset the failure count."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None, last_login=timezone.now())
        record_event(
            EventCode.LOGIN_SUCCEEDED,
            actor=user,
            obj=user,
            channel=channel,
            ip=ip,
            payload={"second_factor": second_factor},
        )


def do_record_logout(user, *, ip=None, timed_out=False):
    code = EventCode.SESSION_TIMED_OUT if timed_out else EventCode.LOGGED_OUT
    record_event(code, actor=user, obj=user, ip=ip)


def totp_for(user):
    return pyotp.TOTP(user.totp_secret, issuer=TOTP_ISSUER, name=user.username)


def do_begin_second_factor(user):
    """Give a staff account a new, unconfirmed TOTP secret (kept until a first code confirms it)."""
    if user.totp_confirmed_at:
        raise ValidationError(
            _("A second factor is already enrolled; a security administrator can reset it.")
        )
    with transaction.atomic():
        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret", "updated_at"])
    return totp_for(user)


def _matching_step(user, code, now):
    code = "".join((code or "").split())
    if not re.fullmatch(r"[0-9]{6}", code) or not user.totp_secret:  # compare_digest needs ASCII
        return None
    totp = totp_for(user)
    for drift in (0, -1, 1):  # one step either side for clock drift
        moment = now + drift * totp.interval
        if std_hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def do_verify_second_factor(user, code, *, ip=None, channel=Channel.WEB, now=None):
    """Check a TOTP code; a code is accepted once only, and failures count toward the lock-out.

    Confirms the enrolment on the first good code. Raises LoginRefused on a bad or reused code.
    """
    if not _claim_attempt(user):
        _refuse_unclaimed(user, ip=ip, channel=channel, step="second_factor")
    step = _matching_step(user, code, now if now is not None else time.time())
    # A conditional update claims the time step: of two requests with the same code, one wins.
    accepted = (
        step is not None
        and User.objects.filter(pk=user.pk)
        .filter(Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step))
        .update(totp_last_step=step)
        == 1
    )
    if not accepted:
        _refuse(
            user,
            ip=ip,
            channel=channel,
            reason="second_factor",
            message=_("The code is not correct or was already used. Enter the current 6-digit code."),
        )
    _refund_attempt(user)
    if not user.totp_confirmed_at:
        with transaction.atomic():
            user.totp_confirmed_at = timezone.now()
            user.save(update_fields=["totp_confirmed_at", "updated_at"])
            record_event(EventCode.SECOND_FACTOR_ENROLLED, actor=user, obj=user, channel=channel, ip=ip)
    user.totp_last_step = step
    return True


def do_provision_second_factor(user, secret, *, actor):
    """Enrol a TOTP secret provisioned elsewhere (demo accounts, a hardware token's seed)."""
    try:
        pyotp.TOTP(secret).now()
    except Exception:
        raise ValidationError(_("The TOTP secret is not valid base32.")) from None
    with transaction.atomic():
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, timezone.now(), None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", "updated_at"])
        record_event(EventCode.SECOND_FACTOR_ENROLLED, actor=actor, obj=user, payload={"provisioned": True})


def do_set_password(user, password, *, actor):
    """Set a password without knowing the old one (administrator reset, demo accounts)."""
    _set_new_password(user, password, field="password")
    with transaction.atomic():
        user.save(update_fields=["password", "password_changed_at", "updated_at"])
        record_event(EventCode.PASSWORD_CHANGED, actor=actor, obj=user, payload={"reset": True})


def do_reset_second_factor(user, *, actor):
    """Remove a user's TOTP enrolment (lost phone); they enrol again at the next login."""
    with transaction.atomic():
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step", "updated_at"])
        record_event(EventCode.SECOND_FACTOR_RESET, actor=actor, obj=user)


def do_unlock_user(user, *, actor):
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(locked_until=None, failed_logins=0)
        tokencache.forget_user(user)
        record_event(EventCode.ACCOUNT_UNLOCKED, actor=actor, obj=user)


def do_deactivate_user(user, *, actor):
    """Switch an account off: it can no longer log in and its API tokens stop working."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        tokencache.forget_user(user)
        record_event(EventCode.ACCOUNT_DEACTIVATED, actor=actor, obj=user)


def do_change_password(user, *, old_password, new_password, ip=None):
    """Change one's own password.

    Refuses a wrong old password, counted toward the lock-out like a failed login (raises
    LoginRefused once the account is locked), and a new password that breaks the rules.
    """
    if not _claim_attempt(user):
        _refuse_unclaimed(user, ip=ip, channel=Channel.WEB, step="old_password")
    if not user.check_password(old_password or ""):
        _refuse(user, ip=ip, channel=Channel.WEB, reason="old_password")
        raise ValidationError({"old_password": _("Your current password is not correct.")})
    _refund_attempt(user)
    _set_new_password(user, new_password, field="new_password1")
    with transaction.atomic():
        user.save(update_fields=["password", "password_changed_at", "updated_at"])
        record_event(EventCode.PASSWORD_CHANGED, actor=user, obj=user, ip=ip)


# API tokens --------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"^yw_([a-z0-9]{10})_([A-Za-z0-9_-]{20,80})$")


def hash_token_secret(secret):
    return sm3_hex(secret.encode("ascii"))


def do_issue_api_token(user, *, name, actor, channel=Channel.API, expires_at=None):
    """Issue a bearer token for an app or kiosk acting as `user`; returns (token, clear text).

    The clear text is shown once; only its SM3 hash is kept.
    """
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": _("Give the token a name of at most 100 characters.")})
    if user.has_role(*ADMIN_ROLES) or user.is_superuser:
        # A token skips the second factor: administration is only ever done in a logged-in session.
        raise ValidationError({"user": _("Administrator accounts cannot have API tokens.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    with transaction.atomic():
        for _attempt in range(5):
            prefix = secrets.token_hex(5)
            secret = secrets.token_urlsafe(32)
            try:
                with transaction.atomic():
                    token = ApiToken.objects.create(
                        user=user,
                        name=name,
                        channel=channel,
                        prefix=prefix,
                        secret_hash=hash_token_secret(secret),
                        expires_at=expires_at,
                    )
                break
            except IntegrityError:
                continue
        record_event(
            EventCode.API_TOKEN_ISSUED,
            actor=actor,
            obj=user,
            payload={"token": prefix, "name": name, "channel": channel},
        )
    return token, f"yw_{prefix}_{secret}"


def do_revoke_api_token(token, *, actor):
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        tokencache.forget_user(token.user_id)
        record_event(
            EventCode.API_TOKEN_REVOKED, actor=actor, obj=token.user, payload={"token": token.prefix}
        )


def token_user(clear):
    """The token behind a bearer token (with its user), or None. Marks use at most once a minute."""
    match = TOKEN_RE.match(clear or "")
    if not match:
        return None
    token = tokencache.get(match.group(1))
    if token is None or not std_hmac.compare_digest(token.secret_hash, hash_token_secret(match.group(2))):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active or token.user.is_locked(now):
        return None  # a locked account's tokens rest until it is unlocked or the lock runs out
    if token.user.is_superuser or token.user.has_role(*ADMIN_ROLES):
        return None  # became an administrator after the token was issued: administration needs a session
    if tokencache.mark_used(token.prefix):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
