"""The public figures of 好差评 (DOMAIN.md §9) for a department or a service item.

好评率 = (非常满意 + 满意) ÷ evaluations; 差评整改率 = 差评 fixed (on the spot or within the
deadline) ÷ 差评. Evaluations excluded by an upheld appeal count nowhere. One aggregate query over
the rows of one department or item (indexed by department / item and `excluded`).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from yiwang.feedback.models import BAD_LEVELS, GOOD_LEVELS, Evaluation, Level, Rectification

RECENT = 10


@dataclass
class Figures:
    total: int
    by_level: list  # [(label, count)], best first
    good: int
    bad: int
    fixed: int

    @property
    def good_rate(self):
        """好评率 as a percentage, or None with no evaluation."""
        return round(100 * self.good / self.total, 1) if self.total else None

    @property
    def fix_rate(self):
        """差评整改率 as a percentage, or None with no 差评."""
        return round(100 * self.fixed / self.bad, 1) if self.bad else None


def figures(evaluations):
    """Count a queryset of evaluations (already narrowed to a department or an item)."""
    levels = {f"level_{level.value}": Count("pk", filter=Q(level=level.value)) for level in Level}
    row = evaluations.counted().aggregate(
        total=Count("pk"),
        good=Count("pk", filter=Q(level__in=GOOD_LEVELS)),
        bad=Count("pk", filter=Q(level__in=BAD_LEVELS)),
        fixed=Count(
            "pk",
            filter=Q(
                rectification__status=Rectification.DONE,
                rectification__outcome__in=Rectification.FIX_OUTCOMES,
            ),
        ),
        **levels,
    )
    return Figures(
        total=row["total"],
        good=row["good"],
        bad=row["bad"],
        fixed=row["fixed"],
        by_level=[(level.label, row[f"level_{level.value}"]) for level in Level],
    )


def recent_comments(evaluations, limit=RECENT):
    """The newest evaluations with a comment: masked name, level, stage, date."""
    return list(
        evaluations.counted()
        .exclude(comment="")
        .select_related("item", "item__current")
        .order_by("-created_at", "-id")[:limit]
    )


def published_fixes(evaluations, limit=RECENT):
    """The newest closed 差评 loops with what the department did (fixed or explained)."""
    return list(
        Rectification.objects.filter(evaluation__in=evaluations.counted(), status=Rectification.DONE)
        .select_related("evaluation", "evaluation__item", "evaluation__item__current")
        .order_by("-closed_at", "-id")[:limit]
    )


def for_department(department):
    return Evaluation.objects.filter(department__in=department.descendants())


def for_item(item):
    return Evaluation.objects.filter(item=item)
