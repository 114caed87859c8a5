"""`yiwang seed_calendar`: load the chinesecalendar years, or publish one year from a schedule file."""

from django.core.management.base import BaseCommand, CommandError

from yiwang.core.actions import CalendarError, do_publish_calendar_schedule, do_seed_calendar
from yiwang.core.holidayfile import read_schedule


class Command(BaseCommand):
    help = (
        "Load holiday tables from the chinesecalendar package for the years not yet in the calendar; "
        "with --year YEAR FILE, publish YEAR from a file transcribed from the State Council notice "
        "(CSV lines date,kind[,name], kind holiday or workday) and move the clocks it changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="schedule file (CSV: date,kind[,name])")
        parser.add_argument("--year", type=int, help="the year the file publishes")
        parser.add_argument("--notice", default="", help="the notice's reference, e.g. 国办发明电〔2026〕1号")

    def handle(self, *args, **options):
        if options["file"] is None and options["year"] is None:
            added = do_seed_calendar()
            self.stdout.write(f"Added years: {', '.join(map(str, added)) or 'none'}")
            return
        if options["file"] is None or options["year"] is None:
            raise CommandError("Give both --year YEAR and FILE, or neither.")
        try:
            with open(options["file"], encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        try:
            days = read_schedule(text)
            do_publish_calendar_schedule(options["year"], days, notice=options["notice"], actor=None)
        except CalendarError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Published {options['year']}: {len(days)} days listed.")
