"""`yiwang catalogue export FILE.xlsx|FILE.json` and `yiwang catalogue import FILE [--draft] [--dry-run]`.

Import prints every bad row (sheet, row, column, message) and exits non-zero without writing
anything, or prints what it created, versioned and left unchanged. Export writes the published
catalogue. Both record an event, with no actor (the operator at the console).
"""

import os
import pathlib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.services import exchange


class Command(BaseCommand):
    help = "Import or export the whole service catalogue as Excel (.xlsx) or JSON."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="operation", required=True)
        export = commands.add_parser("export", help="write the published catalogue to FILE (.xlsx or .json)")
        export.add_argument("file")
        load = commands.add_parser("import", help="import FILE (.xlsx or .json): all rows or nothing")
        load.add_argument("file")
        load.add_argument(
            "--draft", action="store_true", help="leave new versions as drafts instead of publishing"
        )
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args, operation, file, **options):
        fmt = exchange.format_of(file)
        if fmt is None:
            raise CommandError(_("Choose an Excel workbook (.xlsx) or a JSON file (.json)."))
        if operation == "export":
            return self.export(pathlib.Path(file), fmt)
        return self.load(pathlib.Path(file), fmt, draft=options["draft"], dry_run=options["dry_run"])

    def export(self, file, fmt):
        content = exchange.do_export_catalogue(fmt, actor=None)
        try:
            file.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        self.stdout.write(_("Exported the catalogue to %(file)s.") % {"file": file})

    def load(self, file, fmt, *, draft, dry_run):
        try:
            if os.path.getsize(file) > exchange.MAX_FILE_BYTES:
                raise CommandError(
                    _("The file is larger than %(limit)s MB.")
                    % {"limit": exchange.MAX_FILE_BYTES // (1024 * 1024)}
                )
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            result = exchange.do_import_catalogue(data, fmt, actor=None, draft=draft, dry_run=dry_run)
        except exchange.CatalogueFileError as error:
            raise CommandError(str(error)) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(_("Nothing was imported: %(count)s problems.") % {"count": len(result.errors)})
        self.stdout.write(result.summary())
        if dry_run:
            self.stdout.write(_("Nothing was written (only checked)."))
