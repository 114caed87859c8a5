"""The Django admin, opened to the three administrators (三员) only, each for their own duties.

- system administrator: departments, staff accounts, the holiday calendar, the service catalogue;
- security administrator: roles, unlocking accounts, resetting second factors, API tokens;
- audit administrator: reads the event log (and the catalogue); changes nothing.
Logging in goes through the portal's login with its second factor.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class YiwangAdminSite(admin.AdminSite):
    site_header = _("Yiwang administration")
    site_title = _("Yiwang administration")
    index_title = _("Configuration")

    def has_permission(self, request):
        from yiwang.accounts.models import ADMIN_ROLES

        user = request.user
        return user.is_active and user.is_authenticated and (user.is_superuser or user.has_role(*ADMIN_ROLES))

    def index(self, request, extra_context=None):
        from django.utils import timezone

        from yiwang.accounts.models import Role
        from yiwang.core.workdays import unpublished_year_warning

        extra_context = dict(extra_context or {})
        user = request.user
        if user.is_superuser or user.has_role(Role.SYSTEM_ADMIN):  # the one who publishes the calendar
            extra_context["calendar_warning"] = unpublished_year_warning(timezone.localdate())
        return super().index(request, extra_context)

    def logout(self, request, extra_context=None):
        from yiwang.accounts.views import logout_view

        return logout_view(request)

    def password_change(self, request, extra_context=None):
        return redirect("accounts:password")

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class YiwangAdminConfig(AdminConfig):
    default_site = "yiwang.admin_site.YiwangAdminSite"


class RoleAdminMixin:
    """Model admin open to the holders of some administrator roles; `view_roles` may only look."""

    edit_roles = frozenset()
    view_roles = frozenset()

    def _holds(self, request, roles):
        user = request.user
        return user.is_authenticated and (user.is_superuser or user.has_role(*roles))

    def has_module_permission(self, request):
        return self._holds(request, self.edit_roles | self.view_roles)

    def has_view_permission(self, request, obj=None):
        return self._holds(request, self.edit_roles | self.view_roles)

    def has_add_permission(self, request, obj=None):
        return self._holds(request, self.edit_roles)

    def has_change_permission(self, request, obj=None):
        return self._holds(request, self.edit_roles)

    def has_delete_permission(self, request, obj=None):
        return self._holds(request, self.edit_roles)
