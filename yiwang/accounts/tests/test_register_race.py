"""Two registrations of one ID number or one phone at the same moment: one account, one clear refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from yiwang.accounts.actions import do_register_citizen
from yiwang.accounts.models import Person, User
from yiwang.core.identifiers import make_citizen_id

ID_NUMBER = make_citizen_id("50010319900101001")


def register_together(details):
    start = threading.Barrier(len(details), timeout=20)
    outcomes = []

    def register(id_number, phone):
        try:
            start.wait()
            do_register_citizen(real_name="周杰", id_number=id_number, phone=phone, password="Race-pass-77")
            outcomes.append("created")
        except ValidationError as error:
            outcomes.append(sorted(error.message_dict))
        except Exception as error:  # noqa: BLE001 - the test reports what escaped
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=d) for d in details]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_same_id_number_at_once_creates_one_account():
    outcomes = register_together([(ID_NUMBER, "13600000001"), (ID_NUMBER, "13600000002")])

    assert sorted(map(str, outcomes)) == sorted(["created", "['id_number']"])
    assert User.objects.count() == Person.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_same_phone_at_once_creates_one_account():
    other = make_citizen_id("50010319900101002")
    outcomes = register_together([(ID_NUMBER, "13600000003"), (other, "13600000003")])

    assert sorted(map(str, outcomes)) == sorted(["created", "['phone']"])
    assert User.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_person_known_from_a_counter_is_claimed_by_one_registration_only():
    from yiwang.accounts.actions import do_create_person

    do_create_person(name="周杰", id_number=ID_NUMBER, actor=None)

    outcomes = register_together([(ID_NUMBER, "13600000004"), (ID_NUMBER, "13600000005")])

    assert sorted(map(str, outcomes)) == sorted(["created", "['id_number']"])
    assert User.objects.count() == 1
    assert Person.objects.get().user == User.objects.get()
