"""材料精简率 (DOMAIN.md §9): materials fetched by data sharing or certificates ÷ all materials.

Two readings, per item and overall:

- **actual**: over the submitted cases (every case but drafts), the materials 数据跑路 really fetched
  ÷ all the materials their item versions list — what applicants were spared;
- **declared**: over the published versions, the materials the catalogue says are fetched ÷ all
  materials — what the catalogue promises.

A handful of grouped queries whatever the number of cases; the dashboard calls `material_reduction()`.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from yiwang.cases.models import Case, CaseMaterial
from yiwang.services.models import Material, ServiceItem


@dataclass
class ReductionRow:
    item: object  # services.ServiceItem
    name: str
    cases: int = 0
    materials: int = 0  # Σ over submitted cases of the materials their version lists
    fetched: int = 0  # materials actually fetched in those cases
    declared_materials: int = 0
    declared_fetched: int = 0

    @property
    def rate(self):
        return self.fetched / self.materials if self.materials else None

    @property
    def declared_rate(self):
        return self.declared_fetched / self.declared_materials if self.declared_materials else None


def material_reduction(items=None):
    """(rows, overall): one ReductionRow per item (all published items, or those of `items`), and the
    overall row summing them."""
    item_qs = ServiceItem.objects.filter(current__isnull=False).select_related("current")
    if items is not None:
        item_qs = item_qs.filter(pk__in=[getattr(i, "pk", i) for i in items])
    rows = {item.pk: ReductionRow(item=item, name=item.current.name) for item in item_qs}
    if not rows:
        return [], ReductionRow(item=None, name="")
    declared = (
        Material.objects.filter(version__item__in=rows.keys(), version__item__current=F("version"))
        .values("version__item")
        .annotate(total=Count("id"), fetched=Count("id", filter=Q(source__in=Material.FETCHED)))
    )
    for entry in declared:
        row = rows[entry["version__item"]]
        row.declared_materials, row.declared_fetched = entry["total"], entry["fetched"]
    submitted = Case.objects.filter(item__in=rows.keys()).exclude(status=Case.DRAFT)
    per_version = submitted.values("item", "version").annotate(cases=Count("id"))
    listed = dict(
        Material.objects.filter(version__in={e["version"] for e in per_version})
        .values("version")
        .annotate(total=Count("id"))
        .values_list("version", "total")
    )
    for entry in per_version:
        row = rows[entry["item"]]
        row.cases += entry["cases"]
        row.materials += entry["cases"] * listed.get(entry["version"], 0)
    fetched = (
        CaseMaterial.objects.filter(case__in=submitted, status=CaseMaterial.FETCHED)
        .values("case__item")
        .annotate(total=Count("id"))
    )
    for entry in fetched:
        rows[entry["case__item"]].fetched = entry["total"]
    ordered = sorted(rows.values(), key=lambda r: (-(r.rate or 0), -(r.declared_rate or 0), r.name))
    overall = ReductionRow(item=None, name="")
    for row in ordered:
        overall.cases += row.cases
        overall.materials += row.materials
        overall.fetched += row.fetched
        overall.declared_materials += row.declared_materials
        overall.declared_fetched += row.declared_fetched
    return ordered, overall
