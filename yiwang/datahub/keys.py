"""How records are found without clear identifiers: the blind indexes of keys and subjects.

Every part of the data hub (ingest, the gateway, 数据跑路, certificates) computes them here, so that
a record written by one is found by the others.
"""

from yiwang.core.identifiers import normalise
from yiwang.core.pii import blind_index

KEY_SEPARATOR = "\x1f"


def key_index(resource, values):
    """Blind index of a record's key: the normalised values of the resource's key items, in order.

    `values` maps item keys to values; every key item must be present.
    """
    keys = [item.key for item in resource.items.all() if item.is_key]
    return key_index_of(resource.code, [values[key] for key in keys])


def key_index_of(resource_code, key_values):
    """The same, from the resource code and the key values already in key-item order."""
    joined = KEY_SEPARATOR.join(normalise(str(value)) for value in key_values)
    return blind_index(f"datahub-key:{resource_code}", joined)


def person_index(citizen_id):
    """The subject index of a person: the same blind index as `accounts.Person.id_number_index`."""
    return blind_index("citizen_id", normalise(citizen_id))


def enterprise_index(credit_code):
    """The subject index of an enterprise, from its unified social credit code."""
    return blind_index("credit_code", normalise(credit_code))


def subject_index_of(subject):
    """The subject index of an `accounts.Subject` (a Person or an Enterprise), or "" if unknown."""
    person = getattr(subject, "person", None)
    if person is not None:
        return person.id_number_index
    enterprise = getattr(subject, "enterprise", None)
    if enterprise is not None:
        return enterprise_index(enterprise.credit_code)
    return ""
