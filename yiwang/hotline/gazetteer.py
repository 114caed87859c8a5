"""Recognising the street (街道) and community (社区) of an address against the district's tree.

The names are those of the `Department` rows of kind street and community (the demo district's are
in `accounts/demo.py`). A community name alone also gives its street; the street's name may be
written without its suffix (七星岗 for 七星岗街道).
"""

from yiwang.accounts.models import Department


def _names(name, suffix):
    short = name.removesuffix(suffix)
    return [name, short] if len(short) >= 2 else [name]


def recognise(address):
    """(street, community) Department rows named in `address`, either may be None."""
    address = (address or "").strip()
    if not address:
        return None, None
    nodes = list(Department.objects.filter(kind__in=[Department.STREET, Department.COMMUNITY], is_active=True)
                 .only("id", "name", "kind", "parent_id"))
    streets = {n.id: n for n in nodes if n.kind == Department.STREET}
    community = next((n for n in nodes if n.kind == Department.COMMUNITY
                      and any(v in address for v in _names(n.name, "社区"))), None)
    street = next((n for n in streets.values() if any(v in address for v in _names(n.name, "街道"))), None)
    if community is not None and street is None:
        street = streets.get(community.parent_id)
    if community is not None and street is not None and community.parent_id != street.id:
        community = None  # names of two places that do not belong together: trust the street
    return street, community
