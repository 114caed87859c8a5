"""Create the first administrator: a staff account holding one of the three administrator roles.

There is no default account: this command is how an installation gets its first administrator.
"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yiwang.accounts import actions
from yiwang.accounts.models import ADMIN_ROLES, Department, User


class Command(BaseCommand):
    help = "Create an administrator account (system, security or audit administrator)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="the person's name")
        parser.add_argument("--role", default="system_admin", choices=sorted(ADMIN_ROLES))
        parser.add_argument("--department", help="department code (default: the top of the tree)")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, **options):
        department = (
            Department.objects.filter(code=options["department"]).first()
            if options["department"]
            else Department.objects.filter(parent__isnull=True).order_by("path").first()
        )
        if department is None and options["department"]:
            raise CommandError(f"No department with code {options['department']}.")
        if options["password_stdin"]:
            import sys

            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords differ.")
        try:
            with transaction.atomic():  # a refused password or role leaves no root department behind
                if department is None:
                    department = actions.do_create_department(
                        code="root", name="Administration", kind=Department.DISTRICT, actor=None
                    )
                user = User.objects.filter(username=options["username"]).first() or actions.do_create_staff(
                    username=options["username"], name=options["name"], password=password, actor=None
                )
                actions.do_grant_role(user, department, options["role"], actor=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"{user.username} is {options['role']} of {department.name}. "
            "Log in at /accounts/login/ and enrol an authenticator app."
        )
