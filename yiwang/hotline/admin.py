"""Hotline configuration for the system administrator: categories and their departments (the
category → department mapping the dispatcher is offered), and the Open311 clients. Saves go
through actions, so every change is an event."""

from django.contrib import admin

from yiwang.accounts.admin import ActionForm, ActorFormMixin
from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.hotline import actions
from yiwang.hotline.models import Category, Open311Client, TrainingExample

FIELDS = [
    "code",
    "name",
    "description",
    "department",
    "local_to_street",
    "keywords",
    "is_active",
    "sort_order",
]


class CategoryForm(ActionForm):
    class Meta:
        model = Category
        fields = FIELDS

    def run_action(self, data):
        return actions.do_save_category(
            self.instance if self.instance.pk else None,
            actor=self.actor,
            **{name: data[name] for name in FIELDS},
        )


@admin.register(Category)
class CategoryAdmin(ActorFormMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    form = CategoryForm
    list_display = ["name", "code", "department", "local_to_street", "is_active", "sort_order"]
    list_select_related = ["department"]

    def has_delete_permission(self, request, obj=None):
        return False  # tickets keep their category: deactivate instead


@admin.register(Open311Client)
class Open311ClientAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Keys are issued with `yiwang hotline open311-key NAME` (shown once); here they are switched off."""

    edit_roles = frozenset({Role.SECURITY_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = ["name", "is_active", "created_at"]
    fields = ["name", "is_active"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingExample)
class TrainingExampleAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The dispatchers' corrections, read by `yiwang hotline train`."""

    edit_roles = frozenset()
    view_roles = frozenset({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN})
    list_display = ["title", "label", "suggested", "created_at"]
    readonly_fields = ["title", "text", "label", "suggested", "created_at"]
