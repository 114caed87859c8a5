"""Bench set-up for the `worklist` figure: an officer of 市场监管局 and 100,000 cases in the database.

Run by bench/run before the server starts (same environment); prints one JSON line with the
officer's session id. Safe to run again: a PostgreSQL bench database keeps its cases, and only the
missing ones are added.

The personas, departments, calendar and items are made by the actions. The cases are not: 100,000
runs of do_apply would take an hour, so they are bulk-inserted, producing the rows the actions
would produce for the worklist's tables — the case (with its encrypted answers), its time-limit
clock (due in working days from acceptance, paused in 补正, stopped when finished) and its steps
(申请, 受理, the review steps, 办结, 送达). Events, notifications and material files, which the
worklist never reads, are left out.
"""

import datetime
import json
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from yiwang.accounts import actions as accounts  # noqa: E402
from yiwang.accounts.demo import seed_departments  # noqa: E402
from yiwang.accounts.middleware import SECOND_FACTOR_AT  # noqa: E402
from yiwang.accounts.models import Department, Person, User  # noqa: E402
from yiwang.cases.models import Case, CaseStep  # noqa: E402
from yiwang.core.actions import do_seed_calendar  # noqa: E402
from yiwang.core.channels import Channel  # noqa: E402
from yiwang.core.identifiers import make_citizen_id  # noqa: E402
from yiwang.core.models import Clock  # noqa: E402
from yiwang.core.workdays import add_workdays  # noqa: E402
from yiwang.services.actions import do_create_item, do_publish_version  # noqa: E402
from yiwang.services.models import ServiceItem  # noqa: E402

CASES = int(os.environ.get("BENCH_WORKLIST_CASES", "100000"))
PERSONS = 500
DEPARTMENTS = ["04", "05", "06", "07"]  # the officer's department holds a quarter of the cases
BATCH = 2000


def spec(name, department_suffix):
    return {
        "name": name,
        "item_type": "01",
        "exercise_level": "4",
        "summary": "bench",
        "promised_limit": 3,
        "statutory_limit": 15,
        "service_objects": ["1"],
        "handling_forms": ["1", "2"],
        "online_depth": 4,
        "handling_type": "promised",
        "themes": [],
        "co_departments": [],
        "materials": [{"name": "经营场所使用证明", "source": "applicant", "required": True}],
        "form_fields": [
            {"key": "operator_name", "label": "经营者姓名", "kind": "text", "prefill": "applicant.name"},
            {"key": "address", "label": "经营场所", "kind": "address"},
        ],
        "steps": [
            {"name": "审查", "role": "officer", "limit": 2},
            {"name": "决定", "role": "department_head", "limit": 1},
        ],
    }


def items():
    found = []
    for index, suffix in enumerate(DEPARTMENTS, start=1):
        code = f"11500103MB0000BENCH{index:05d}"
        item = ServiceItem.objects.filter(implementation_code=code).first()
        if item is None:
            department = Department.objects.get(code=f"500103-{suffix}")
            version = do_create_item(
                implementation_code=code,
                department=department,
                spec=spec(f"基准事项{index}", suffix),
                actor=None,
            )
            item = do_publish_version(version, actor=None).item
        found.append(ServiceItem.objects.select_related("current", "department").get(pk=item.pk))
    return found


SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def persons():
    """PERSONS walk-in persons recorded by the action (once: found again by their ID numbers)."""
    found = []
    for i in range(PERSONS):
        number = make_citizen_id(f"500103{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i:03d}")
        person = Person.objects.filter(id_number_index=accounts.citizen_id_index(number)).first()
        if person is None:
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
            person = accounts.do_create_person(name=name, id_number=number, phone=f"139{i:08d}")
        found.append(person)
    return found


def officer():
    user = User.objects.filter(username="bench_officer").first()
    if user is None:
        user = accounts.do_create_staff(
            username="bench_officer", name="基准", password="Bench-pass-1", actor=None
        )
        accounts.do_grant_role(user, Department.objects.get(code="500103-04"), "officer", actor=None)
    return user


def session_for(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SECOND_FACTOR_AT] = time.time()
    session.create()
    return session.session_key


# Where a case is in its life, by share of all cases (most of a year's cases are long finished).
STATES = [
    (Case.SUBMITTED, 0.03),
    (Case.IN_REVIEW, 0.05),
    (Case.SUPPLEMENT, 0.01),
    (Case.APPROVED, 0.01),
    (Case.NOT_ACCEPTED, 0.02),
    (Case.FINISHED, 0.08),
    (Case.DELIVERED, 0.80),
]


def pick_state(rng):
    roll, total = rng.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return Case.DELIVERED


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate(count, start_index):
    rng = random.Random(start_index)
    all_items = items()
    people = persons()
    steps_of = {item.pk: list(item.current.steps.all()) for item in all_items}
    today = timezone.localdate()
    answers = json.dumps({"operator_name": "基准", "address": "重庆市渝中区民族路 88 号"}, ensure_ascii=False)
    next_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_clock = (Clock.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for offset in range(0, count, BATCH):
        cases, clocks, steps = [], [], []
        for i in range(start_index + offset, start_index + min(offset + BATCH, count)):
            item = all_items[i % len(all_items)]
            person = people[i % len(people)]
            state = pick_state(rng)
            fresh = state in (Case.SUBMITTED, Case.IN_REVIEW, Case.SUPPLEMENT, Case.APPROVED)
            submitted_day = today - datetime.timedelta(
                days=rng.randint(0, 12) if fresh else rng.randint(13, 360)
            )
            while True:
                try:
                    add_workdays(submitted_day, 0)
                    break
                except Exception:  # outside the calendar: move to the present
                    submitted_day = today
            submitted = at(submitted_day, 9 + i % 8)
            case = Case(
                id=next_case,
                number=f"BENCH{submitted_day:%Y%m%d}{i:09d}",
                item=item,
                version=item.current,
                department=item.department,
                applicant=person,
                owner=None,
                submitted_by=None,
                channel=Channel.WEB if i % 3 else Channel.COUNTER,
                status=state,
                data_json=answers,
                submitted_at=submitted,
            )
            steps.append(
                CaseStep(
                    case_id=case.id, name="申请", action="submitted", started_at=submitted, ended_at=submitted
                )
            )
            if state == Case.SUBMITTED:
                steps.append(CaseStep(case_id=case.id, name="受理", started_at=submitted))
            elif state == Case.NOT_ACCEPTED:
                case.result, case.result_reason = Case.REFUSE, "不属于本部门职责"
                case.decided_at = case.finished_at = submitted + datetime.timedelta(hours=3)
                steps.append(
                    CaseStep(
                        case_id=case.id,
                        name="受理",
                        action="not_accepted",
                        opinion="不属于本部门职责",
                        started_at=submitted,
                        ended_at=case.finished_at,
                    )
                )
            else:
                accepted = submitted + datetime.timedelta(hours=2)
                case.accepted_at = accepted
                due_day = add_workdays(submitted_day, 3)
                clock = Clock(
                    id=next_clock,
                    kind="case.promised",
                    object_type="cases.case",
                    object_id=str(case.id),
                    department=item.department,
                    unit=Clock.WORKDAYS,
                    limit=3,
                    started_at=accepted,
                    due_at=at(due_day, 23) + datetime.timedelta(minutes=59, seconds=59),
                    warn_at=at(due_day, 0),
                    state=Clock.RUNNING,
                )
                next_clock += 1
                case.clock_id = clock.id
                clocks.append(clock)
                steps.append(
                    CaseStep(
                        case_id=case.id,
                        name="受理",
                        action="accepted",
                        started_at=submitted,
                        ended_at=accepted,
                    )
                )
                review = steps_of[item.pk]
                if state == Case.IN_REVIEW:
                    current = review[i % len(review)]
                    case.step_id = current.pk
                    for done in review[: review.index(current)]:
                        steps.append(
                            CaseStep(
                                case_id=case.id,
                                name=done.name,
                                action="passed",
                                opinion="同意",
                                started_at=accepted,
                                ended_at=accepted,
                            )
                        )
                    steps.append(CaseStep(case_id=case.id, name=current.name, started_at=accepted))
                elif state == Case.SUPPLEMENT:
                    case.supplement_from, case.supplement_items = Case.IN_REVIEW, ["租赁合同盖章页"]
                    case.step_id = review[0].pk
                    clock.state, clock.paused_at = Clock.PAUSED, accepted + datetime.timedelta(hours=1)
                    steps.append(
                        CaseStep(
                            case_id=case.id,
                            name=review[0].name,
                            action="supplement_requested",
                            started_at=accepted,
                            ended_at=clock.paused_at,
                        )
                    )
                    steps.append(CaseStep(case_id=case.id, name="补正", started_at=clock.paused_at))
                else:
                    decided = accepted + datetime.timedelta(days=1)
                    case.result, case.decided_at = Case.APPROVE, decided
                    for done in review:
                        steps.append(
                            CaseStep(
                                case_id=case.id,
                                name=done.name,
                                action="approved" if done is review[-1] else "passed",
                                opinion="同意",
                                started_at=accepted,
                                ended_at=decided,
                            )
                        )
                    if state == Case.APPROVED:
                        steps.append(CaseStep(case_id=case.id, name="办结", started_at=decided))
                    else:
                        finished = decided + datetime.timedelta(hours=1)
                        case.finished_at, case.letter_number = (
                            finished,
                            f"市场监管局〔{finished:%Y}〕{i % 10**8:08d}号",
                        )
                        clock.state, clock.stopped_at, clock.met = (
                            Clock.STOPPED,
                            finished,
                            finished <= clock.due_at,
                        )
                        steps.append(
                            CaseStep(
                                case_id=case.id,
                                name="办结",
                                action="finished",
                                started_at=decided,
                                ended_at=finished,
                            )
                        )
                        steps.append(
                            CaseStep(
                                case_id=case.id,
                                name="送达",
                                started_at=finished,
                                action="counter" if state == Case.DELIVERED else "",
                                ended_at=finished if state == Case.DELIVERED else None,
                            )
                        )
                        if state == Case.DELIVERED:
                            case.delivered_at = finished
            next_case += 1
            cases.append(case)
        with transaction.atomic():
            Clock.objects.bulk_create(clocks)
            Case.objects.bulk_create(cases)
            CaseStep.objects.bulk_create(steps)
        print(f"  worklist fixture: {start_index + offset + len(cases)} cases", file=sys.stderr, flush=True)
    # The ids were given here: let the database's own counters continue after them; and give the
    # planner statistics now rather than whenever autovacuum gets round to it.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, Clock, CaseStep]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")


def main():
    seed_departments()
    do_seed_calendar()
    user = officer()
    have = Case.objects.filter(number__startswith="BENCH").count()
    started = time.perf_counter()
    if have < CASES:
        generate(CASES - have, have)
    print(
        json.dumps(
            {
                "officer_session": session_for(user),
                "worklist_cases": Case.objects.count(),
                "worklist_fixture_seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
