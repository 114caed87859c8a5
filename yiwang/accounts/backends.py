"""Log in with a username, a citizen ID number or a registered mobile number."""

from django.contrib.auth.backends import ModelBackend

from yiwang.accounts.actions import find_user_by_identifier


class IdentifierBackend(ModelBackend):
    """Django's backend, finding the account by any identifier a citizen knows it by.

    Lock-out is honoured here too; counting failures is the login action's job.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user_by_identifier(username)
        if user is None or user.is_locked():
            return None
        if user.check_password(password or "") and self.user_can_authenticate(user):
            return user
        return None
