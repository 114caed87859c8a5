"""`yiwang insight rebuild|check`: the dashboard's pre-computed counts.

yiwang insight rebuild   recompute every count from the cases, tickets, clocks, notices and the
                         evaluation and sharing events, replacing what is stored
yiwang insight check     recompute without writing and list every count that differs (exit 1 if any)
"""

from django.core.management.base import BaseCommand, CommandError

from yiwang.core.events import EventCode, record_event
from yiwang.insight import counting


class Command(BaseCommand):
    help = "Dashboard counts: rebuild them from the source tables, or check them against a recomputation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="recompute and replace every count (locks the count tables meanwhile)")
        check = sub.add_parser("check", help="list the counts that differ from a recomputation")
        check.add_argument("--limit", type=int, default=50, help="differences to print (default 50)")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            rows = counting.rebuild()
            record_event(EventCode.COUNTS_REBUILT, payload={"rows": rows})
            self.stdout.write(f"rebuilt: {rows} count rows")
            return
        differences = counting.check()
        for (metric, period, department, dim, day), have, want in differences[: options["limit"]]:
            self.stdout.write(
                f"{day} {metric} ({period}) department={department} dim={dim!r}: stored n={have[0]} "
                f"total={have[1]}, recomputed n={want[0]} total={want[1]}"
            )
        if differences:
            raise CommandError(f"{len(differences)} counts differ; run `yiwang insight rebuild`")
        self.stdout.write("counts agree with a recomputation")
