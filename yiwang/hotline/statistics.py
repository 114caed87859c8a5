"""The hotline's figures per department (DOMAIN.md §3, Beijing's 接诉即办): 响应率 (answered within
the handling limit), 解决率 (solved, by the return visit), 满意率 (satisfied or basically satisfied).

Counted by one grouped query over the tickets; the `insight` app will keep pre-computed counts."""

from django.db.models import Count, Q

from yiwang.hotline.models import Ticket


def department_figures():
    rows = (
        Ticket.objects.filter(department__isnull=False)
        .values("department__name")
        .annotate(
            total=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            in_time=Count("id", filter=Q(answered_at__isnull=False, handling_clock__met=True)),
            visited=Count("id", filter=Q(visited_at__isnull=False)),
            solved=Count("id", filter=Q(resolved=True)),
            satisfied=Count("id", filter=Q(satisfaction__in=[Ticket.SATISFIED, Ticket.BASICALLY_SATISFIED])),
        )
        .order_by("department__name")
    )
    out = []
    for row in rows:
        out.append(
            {
                "department": row["department__name"],
                "total": row["total"],
                "response_rate": _share(row["in_time"], row["answered"]),
                "solved_rate": _share(row["solved"], row["visited"]),
                "satisfied_rate": _share(row["satisfied"], row["visited"]),
            }
        )
    return out


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None
