"""Issue an API token for an app or kiosk acting as a user (the clear token is printed once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yiwang.accounts import actions
from yiwang.accounts.models import User
from yiwang.core.channels import Channel


class Command(BaseCommand):
    help = "Issue an API token (Authorization: Bearer ...) for USERNAME."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for, e.g. 'kiosk 3, hall 1'")
        parser.add_argument("--channel", default=Channel.API, choices=Channel.values)

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']}.")
        try:
            _token, clear = actions.do_issue_api_token(
                user, name=options["name"], channel=options["channel"], actor=None
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(clear)
