"""Disabled: a superuser would hold every duty at once, bypassing the separation of the three
administrators (三员分立) and the event log. Use `yiwang createadmin` instead."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Disabled in Yiwang: use `yiwang createadmin USERNAME --role system_admin|security_admin|audit_admin`."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(self.help)
