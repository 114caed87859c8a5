"""The authentication backend behind Yiwang's sessions."""

from django.contrib.auth.backends import ModelBackend


class IdentifierBackend(ModelBackend):
    """Restores the user of a session; never checks a password itself.

    Every login goes through `accounts.actions.do_check_password` (lock-out, failure events) and,
    for staff, `do_verify_second_factor`; a plain `authenticate()` call must not be a way around
    them, so it never succeeds here.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None
