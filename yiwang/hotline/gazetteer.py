"""Recognising the street (街道) and community (社区) of an address against the district's tree.

The names are those of the `Department` rows of kind street and community (the demo district's are
in `accounts/demo.py`). A community name alone also gives its street; the street's name may be
written without its suffix (七星岗 for 七星岗街道). The list of names is cached for a minute: the
tree changes rarely and every new ticket asks.
"""

from django.core.cache import cache

from yiwang.accounts.models import Department

CACHE_KEY = "hotline:gazetteer"
CACHE_SECONDS = 60


def _names(name, suffix):
    short = name.removesuffix(suffix)
    return (name, short) if len(short) >= 2 else (name,)


def _places():
    """[(id, kind, parent_id, names)] of the active streets and communities."""
    places = cache.get(CACHE_KEY)
    if places is None:
        places = [
            (d.id, d.kind, d.parent_id, _names(d.name, "街道" if d.kind == Department.STREET else "社区"))
            for d in Department.objects.filter(
                kind__in=[Department.STREET, Department.COMMUNITY], is_active=True
            ).only("id", "name", "kind", "parent_id")
        ]
        cache.set(CACHE_KEY, places, CACHE_SECONDS)
    return places


def recognise_ids(address):
    """(street id, community id) named in `address`, either may be None."""
    address = (address or "").strip()
    if not address:
        return None, None
    places = _places()
    community = next(
        (p for p in places if p[1] == Department.COMMUNITY and any(n in address for n in p[3])), None
    )
    street = next((p for p in places if p[1] == Department.STREET and any(n in address for n in p[3])), None)
    if community is not None and street is None:
        street = next((p for p in places if p[0] == community[2]), None)
    if community is not None and street is not None and community[2] != street[0]:
        community = None  # names of two places that do not belong together: trust the street
    return (street[0] if street else None), (community[0] if community else None)


def recognise(address):
    """(street, community) Department rows named in `address`, either may be None."""
    street_id, community_id = recognise_ids(address)
    found = {d.id: d for d in Department.objects.filter(id__in=[i for i in (street_id, community_id) if i])}
    return found.get(street_id), found.get(community_id)
