"""Print the current TOTP code of a demo staff account (demo accounts only, never real ones)."""

import pyotp
from django.core.management.base import BaseCommand, CommandError

from yiwang.accounts.demo import load_demo_secrets


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        entry = load_demo_secrets().get(options["username"])
        if not entry or "totp" not in entry:
            raise CommandError(f"{options['username']} is not a demo staff account.")
        self.stdout.write(pyotp.TOTP(entry["totp"]).now())
