"""`yiwang data import FILE --resource CODE [--mode good_rows]` and `yiwang data check-staleness`.

Import streams the file (CSV, XLSX, JSON or JSON Lines) in chunks with a progress line on stderr,
prints what was created, changed and left unchanged, or every kept error (row, column, message)
and exits non-zero when the batch was refused. The operator at the console is the actor (none).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.datahub.actions import do_check_staleness, do_import_file
from yiwang.datahub.models import ImportBatch, Resource


class Progress:
    """One self-overwriting line: rows read, share of the file, rows per second."""

    def __init__(self, stream, enabled):
        self.stream, self.enabled, self.started = stream, enabled, time.monotonic()

    def __call__(self, rows, fraction):
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        bar = ""
        if fraction is not None:
            filled = int(fraction * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction * 100:5.1f}%  "
        self.stream.write(f"\r{bar}{rows:,} rows  {rows / elapsed:,.0f} rows/s", ending="")
        self.stream.flush()

    def done(self):
        if self.enabled:
            self.stream.write("")


class Command(BaseCommand):
    help = "Load data into a resource from a file, or flag resources that missed their update cycle."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        load = sub.add_parser("import", help="load FILE (.csv, .xlsx, .json, .jsonl) into a resource")
        load.add_argument("file")
        load.add_argument("--resource", required=True, help="the resource code, e.g. YZ-02-0001")
        load.add_argument(
            "--mode",
            choices=[ImportBatch.ALL_OR_NOTHING, ImportBatch.GOOD_ROWS],
            default=ImportBatch.ALL_OR_NOTHING,
            help="all_or_nothing (default): any bad row loads nothing; good_rows: skip bad rows",
        )
        load.add_argument("--no-progress", action="store_true", help="print no progress line")
        sub.add_parser(
            "check-staleness", help="flag resources that missed their update cycle, tell their stewards"
        )

    def handle(self, *args, operation, **options):
        if operation == "check-staleness":
            flagged = do_check_staleness()
            for resource in flagged:
                self.stdout.write(
                    _("Out of date: %(code)s %(name)s") % {"code": resource.code, "name": resource.name}
                )
            self.stdout.write(
                _("%(count)s resources newly flagged as out of date.") % {"count": len(flagged)}
            )
            return
        self.load(options["file"], options["resource"], options["mode"], not options["no_progress"])

    def load(self, path, code, mode, show_progress):
        resource = Resource.objects.filter(code=code).first()
        if resource is None:
            raise CommandError(_("There is no resource with the code %(code)s.") % {"code": code})
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after the import
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
            ) from None
        progress = Progress(self.stderr, show_progress)
        with handle:
            batch = do_import_file(
                resource,
                handle,
                filename=str(path),
                mode=mode,
                source=ImportBatch.COMMAND,
                actor=None,
                progress=progress,
            )
        progress.done()
        if batch.status == ImportBatch.REFUSED:
            for error in batch.errors:
                self.stderr.write(
                    _("row %(row)s, column %(column)s: %(message)s")
                    % {"row": error["row"], "column": error["column"] or "-", "message": error["message"]}
                )
            raise CommandError(
                _("Nothing was loaded: %(bad)s bad rows of %(rows)s.")
                % {"bad": batch.rows_bad, "rows": batch.rows_total}
            )
        self.stdout.write(
            _(
                "Loaded %(rows)s rows into %(name)s: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged, %(bad)s bad rows left out."
            )
            % {
                "rows": batch.rows_total,
                "name": resource.name,
                "created": batch.rows_created,
                "updated": batch.rows_updated,
                "unchanged": batch.rows_unchanged,
                "bad": batch.rows_bad,
            }
        )
        if batch.rows_bad:
            for error in batch.errors:
                self.stderr.write(
                    _("row %(row)s, column %(column)s: %(message)s")
                    % {"row": error["row"], "column": error["column"] or "-", "message": error["message"]}
                )
