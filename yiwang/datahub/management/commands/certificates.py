"""`yiwang certificates import FILE`: import a department's existing electronic certificates.

Every row is checked (type, number, holder identifier with its check character, dates, trust level);
a bad row is printed with its row, column and message and nothing is written (exit status 1).
Otherwise each certificate is signed and its identifier printed. The operator at the console acts
for every issuing department (no actor is recorded), as with `yiwang catalogue import`.
"""

import pathlib

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from yiwang.core.channels import Channel
from yiwang.datahub.certificate_actions import do_import_certificates
from yiwang.datahub.certificate_files import MAX_FILE_BYTES, format_of, read_rows


class Command(BaseCommand):
    help = "Import electronic certificates from a CSV, JSON or Excel file: all rows or nothing."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="operation", required=True)
        load = commands.add_parser("import", help="import FILE (.csv, .json or .xlsx)")
        load.add_argument("file")

    def handle(self, *args, operation, file, **options):
        path = pathlib.Path(file)
        fmt = format_of(path.name)
        if fmt is None:
            raise CommandError(_("Choose a CSV (.csv), JSON (.json) or Excel (.xlsx) file."))
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            certificates, errors = do_import_certificates(
                read_rows(data, fmt), actor=None, filename=path.name, channel=Channel.SYSTEM
            )
        except ValidationError as error:
            raise CommandError(
                " ".join(m for messages in error.message_dict.values() for m in messages)
            ) from None
        if errors:
            for error in errors:
                self.stderr.write(_("row %(row)s, %(column)s: %(message)s") % error)
            raise CommandError(_("%(count)s errors: nothing was imported.") % {"count": len(errors)})
        for certificate in certificates:
            self.stdout.write(f"{certificate.identifier}  {certificate.name}  {certificate.number}")
        self.stdout.write(_("Imported %(count)s certificates.") % {"count": len(certificates)})
