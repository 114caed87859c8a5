"""EncryptedTextField: the database holds ciphertext only, and queries cannot filter on the clear value."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from yiwang.accounts.actions import do_create_person
from yiwang.accounts.models import Person
from yiwang.core.identifiers import make_citizen_id
from yiwang.core.pii import DecryptionError

ID_NUMBER = make_citizen_id("50010319750101234")
PHONE = "13900000009"


def raw_columns(person, *fields):
    columns = ", ".join(connection.ops.quote_name(Person._meta.get_field(f).column) for f in fields)
    pk_column = connection.ops.quote_name(Person._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {Person._meta.db_table} WHERE {pk_column} = %s", [person.pk])
        return cursor.fetchone()


def test_a_persons_id_number_and_phone_are_stored_encrypted(db):
    person = do_create_person(name="周杰", id_number=ID_NUMBER, phone=PHONE)

    stored_id, stored_phone = raw_columns(person, "id_number", "phone")

    assert stored_id.startswith("s1:") and stored_phone.startswith("s1:")
    for stored in (stored_id, stored_phone):
        assert ID_NUMBER not in stored and ID_NUMBER[6:14] not in stored and PHONE not in stored
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.id_number, fresh.phone) == (ID_NUMBER, PHONE)


def test_a_registered_citizens_number_is_not_in_the_table_in_clear(li_wei):
    stored_id, stored_phone = raw_columns(li_wei.person, "id_number", "phone")
    assert li_wei.person.id_number not in stored_id
    assert "13800000001" not in stored_phone
    assert Person.objects.get(pk=li_wei.person.pk).phone == "13800000001"


def test_a_ciphertext_copied_into_another_column_does_not_decrypt(db):
    person = do_create_person(name="周杰", id_number=ID_NUMBER, phone=PHONE)
    (stored_id,) = raw_columns(person, "id_number")
    phone_column = connection.ops.quote_name(Person._meta.get_field("phone").column)
    pk_column = connection.ops.quote_name(Person._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Person._meta.db_table} SET {phone_column} = %s WHERE {pk_column} = %s",
            [stored_id, person.pk],
        )

    with pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk)


def test_an_empty_value_is_stored_empty(db):
    person = do_create_person(name="周杰", id_number=ID_NUMBER)
    assert raw_columns(person, "phone") == ("",)
    assert Person.objects.get(pk=person.pk).phone == ""


@pytest.mark.parametrize(
    "lookup",
    [
        "id_number",
        "id_number__exact",
        "id_number__iexact",
        "id_number__startswith",
        "id_number__in",
        "phone__contains",
    ],
)
def test_filtering_on_the_clear_value_is_refused(db, lookup):
    value = [ID_NUMBER] if lookup.endswith("__in") else ID_NUMBER
    with pytest.raises(FieldError):
        Person.objects.filter(**{lookup: value}).exists()


def test_asking_whether_the_value_is_set_is_allowed(db):
    do_create_person(name="周杰", id_number=ID_NUMBER)
    assert Person.objects.filter(id_number__isnull=False).count() == 1
