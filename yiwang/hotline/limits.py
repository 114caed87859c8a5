"""Time limits of tickets (DOMAIN.md §3 defaults): dispatch in hours by urgency, handling in working
days by kind. Both tables are settings (`YIWANG_HOTLINE_DISPATCH_HOURS`, `YIWANG_HOTLINE_HANDLING_DAYS`,
"key=number,key=number"), so a district changes them without a code change."""

from django.conf import settings

DISPATCH_HOURS = {"life_safety": 1, "utilities": 2, "normal": 24}
HANDLING_DAYS = {"consultation": 3, "help": 7, "suggestion": 7, "complaint": 15, "report": 15}


def parse_table(text, defaults):
    """ "life_safety=1,normal=12" → the defaults with those entries replaced; unknown keys are refused."""
    table = dict(defaults)
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, _, value = part.partition("=")
        key = key.strip()
        if key not in defaults or not value.strip().isdigit():
            raise ValueError(f"bad entry {part!r}: expected one of {', '.join(defaults)} = a whole number")
        table[key] = int(value)
    return table


def dispatch_hours(urgency):
    return parse_table(getattr(settings, "YIWANG_HOTLINE_DISPATCH_HOURS", ""), DISPATCH_HOURS)[urgency]


def handling_days(kind):
    return parse_table(getattr(settings, "YIWANG_HOTLINE_HANDLING_DAYS", ""), HANDLING_DAYS)[kind]
