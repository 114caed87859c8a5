"""Set an account's password from the shell (an operator's reset), through the password rules and
with an event, unlike Django's own command of this name, which it replaces."""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yiwang.accounts.actions import do_set_password
from yiwang.accounts.models import User


class Command(BaseCommand):
    help = "Set the password of USERNAME (the password rules apply; the change is recorded as an event)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"].lower()).first()
        if user is None:
            raise CommandError(f"No user {options['username']}.")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("New password: ")
            if password != getpass.getpass("New password again: "):
                raise CommandError("The two passwords differ.")
        try:
            do_set_password(user, password, actor=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Password of {user.username} changed.")
