"""`yiwang benefits run [RULE]`: run one benefit rule (by its code), or every active rule, now,
with progress on the terminal; `yiwang benefits list` shows the rules."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yiwang.benefits.actions import CHUNK, do_run_benefit_rule
from yiwang.benefits.models import BenefitRule, BenefitRun


class Command(BaseCommand):
    help = "Run benefit rules (免申即享) now: `benefits run [RULE]`, or list them: `benefits list`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        run = sub.add_parser("run", help="run one rule, or every active rule")
        run.add_argument("rule", nargs="?", help="the rule's code (default: every active rule)")
        run.add_argument("--chunk", type=int, default=CHUNK, help="subjects per transaction")
        sub.add_parser("list", help="list the rules")

    def handle(self, *args, **options):
        if options["what"] == "list":
            for rule in BenefitRule.objects.all():
                self.stdout.write(f"{rule.code}\t{'active' if rule.is_active else 'off'}\t{rule.name}")
            return
        if not 1 <= options["chunk"] <= 100_000:
            raise CommandError("--chunk must be between 1 and 100000")
        if options["rule"]:
            rules = list(BenefitRule.objects.filter(code=options["rule"]))
            if not rules:
                raise CommandError(f"No benefit rule has the code {options['rule']!r}.")
        else:
            rules = list(BenefitRule.objects.filter(is_active=True))
        failed = False
        for rule in rules:
            started = time.monotonic()

            def progress(run, total, rule=rule, started=started):
                end = "\r" if self.stdout.isatty() else "\n"
                self.stdout.write(
                    f"{rule.code}: {run.checked}/{total} checked, {run.found} eligible, "
                    f"{run.granted} granted ({time.monotonic() - started:.1f} s)",
                    ending=end,
                )
                self.stdout.flush()

            try:
                run = do_run_benefit_rule(
                    rule, trigger=BenefitRun.COMMAND, progress=progress, chunk=options["chunk"]
                )
            except ValidationError as error:
                self.stderr.write(f"\n{rule.code}: failed: {' '.join(error.messages)}")
                failed = True
                continue
            if self.stdout.isatty():
                self.stdout.write("")
            self.stdout.write(
                f"{rule.code}: {run.checked} checked, {run.found} eligible, {run.granted} granted, "
                f"{run.already_granted} already granted, {run.declined} declined earlier "
                f"({time.monotonic() - started:.1f} s)"
            )
        if failed:
            raise CommandError("Some rules failed; see their runs.")
