from django.core.management.base import BaseCommand

from yiwang.core.actions import do_seed_calendar


class Command(BaseCommand):
    help = "Load holiday tables from the chinesecalendar package for the years not yet in the calendar."

    def handle(self, *args, **options):
        added = do_seed_calendar()
        self.stdout.write(f"Added years: {', '.join(map(str, added)) or 'none'}")
