"""Demo data of the shared kernel: the working-day calendar from chinesecalendar."""

from yiwang.core.actions import do_seed_calendar


def seed(out):
    added = do_seed_calendar()
    if added:
        out.write(f"Working-day calendar: {added[0]}–{added[-1]} loaded from chinesecalendar.")
