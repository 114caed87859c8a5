"""`yiwang opendata refresh`: recompute the quality scores of every published open dataset."""

from django.core.management.base import BaseCommand

from yiwang.opendata.actions import refresh_all_quality


class Command(BaseCommand):
    help = "Open data: recompute the quality scores of the published datasets."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="recompute every published dataset's quality score")

    def handle(self, *args, action, **options):
        count = refresh_all_quality()
        self.stdout.write(f"{count} dataset(s) refreshed")
