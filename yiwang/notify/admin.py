"""The outbox, for the audit administrator to look into (read-only: messages are never edited)."""

from django.contrib import admin

from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = ["created_at", "medium", "subject", "status", "attempts", "sent_at"]
    list_filter = ["medium", "status"]
    fields = [
        "code",
        "recipient",
        "medium",
        "subject",
        "body",
        "link",
        "status",
        "attempts",
        "last_error",
        "sent_at",
        "read_at",
        "created_at",
    ]
    readonly_fields = fields
