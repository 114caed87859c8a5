"""Admin for departments and staff (system administrator) and roles (security administrator).

Every save goes through an action, so the admin writes the same events as any other channel.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.accounts import actions
from yiwang.accounts.models import ApiToken, Department, Role, RoleAssignment, User
from yiwang.admin_site import RoleAdminMixin


class ActionForm(forms.ModelForm):
    """A model form whose save is an action: `run_action()` is called during validation, so an
    action's refusal is shown on the form and nothing is saved."""

    def _post_clean(self):
        pass  # model validation is the action's job

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.result = self.run_action(data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        self.add_error(field if field in self.fields else None, errors)
                else:
                    self.add_error(None, error.messages)
        return data

    def save(self, commit=True):
        return self.result

    def save_m2m(self):
        pass


class DepartmentForm(ActionForm):
    class Meta:
        model = Department
        fields = [
            "code",
            "name",
            "short_name",
            "name_en",
            "kind",
            "parent",
            "credit_code",
            "phone",
            "address",
            "sort_order",
            "is_active",
        ]

    def run_action(self, data):
        fields = {
            k: data[k]
            for k in ("short_name", "name_en", "credit_code", "phone", "address", "sort_order", "is_active")
        }
        if self.instance.pk:
            return actions.do_change_department(
                self.instance,
                actor=self.actor,
                code=data["code"],
                name=data["name"],
                parent=data["parent"],
                **fields,
            )
        return actions.do_create_department(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=data["parent"],
            actor=self.actor,
            **fields,
        )


class ActorFormMixin:
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class WithActor(form):
            actor = request.user

        return WithActor

    def save_model(self, request, obj, form, change):
        pass  # saved by the form's action

    def save_related(self, request, form, formsets, change):
        pass

    def save_form(self, request, form, change):
        return form.result if hasattr(form, "result") else super().save_form(request, form, change)


@admin.register(Department)
class DepartmentAdmin(ActorFormMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN})
    view_roles = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
    form = DepartmentForm
    list_display = ["indented_name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: cases and tickets keep pointing at it

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return "\u3000" * (obj.path.count("/") - 2) + obj.name


class StaffCreationForm(ActionForm):
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    class Meta:
        model = User
        fields = ["username", "first_name", "email"]

    def run_action(self, data):
        return actions.do_create_staff(
            username=data["username"],
            name=data.get("first_name", ""),
            password=data["password"],
            email=data.get("email", ""),
            actor=self.actor,
        )


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ["department", "role", "granted_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(ActorFormMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = ["username", "first_name", "is_active", "locked_until", "second_factor", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["username", "first_name"]
    inlines = [RoleInline]
    actions = ["unlock", "reset_second_factor", "deactivate"]
    readonly_fields = [
        "username",
        "first_name",
        "email",
        "is_active",
        "locked_until",
        "failed_logins",
        "totp_confirmed_at",
        "last_login",
        "created_at",
    ]
    fields = readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffCreationForm
            kwargs["fields"] = ["username", "first_name", "email", "password"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.fields if obj else ["username", "first_name", "email", "password"]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_add_permission(self, request, obj=None):
        return self._holds(request, {Role.SYSTEM_ADMIN})

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: the audit trail points at them

    @admin.display(boolean=True, description=_("second factor"))
    def second_factor(self, obj):
        return obj.totp_confirmed_at is not None

    @admin.action(permissions=["change"], description=_("Unlock the selected accounts"))
    def unlock(self, request, queryset):
        if not self._holds(request, {Role.SECURITY_ADMIN}):
            self.message_user(request, _("Only a security administrator may do this."), messages.ERROR)
            return
        for user in queryset:
            actions.do_unlock_user(user, actor=request.user)
        self.message_user(request, _("Unlocked."), messages.SUCCESS)

    @admin.action(permissions=["change"], description=_("Reset the second factor of the selected accounts"))
    def reset_second_factor(self, request, queryset):
        if not self._holds(request, {Role.SECURITY_ADMIN}):
            self.message_user(request, _("Only a security administrator may do this."), messages.ERROR)
            return
        for user in queryset:
            actions.do_reset_second_factor(user, actor=request.user)
        self.message_user(
            request, _("They will enrol a new authenticator at their next login."), messages.SUCCESS
        )

    @admin.action(permissions=["change"], description=_("Deactivate the selected accounts"))
    def deactivate(self, request, queryset):
        if not self._holds(request, {Role.SYSTEM_ADMIN}):
            self.message_user(request, _("Only a system administrator may do this."), messages.ERROR)
            return
        for user in queryset.exclude(pk=request.user.pk):
            actions.do_deactivate_user(user, actor=request.user)
        self.message_user(request, _("Deactivated."), messages.SUCCESS)


class RoleAssignmentForm(ActionForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "department", "role"]

    def run_action(self, data):
        return actions.do_grant_role(data["user"], data["department"], data["role"], actor=self.actor)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ActorFormMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SECURITY_ADMIN})
    view_roles = frozenset({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN})
    form = RoleAssignmentForm
    list_display = ["user", "department", "role", "granted_by", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "department__name"]
    autocomplete_fields = ["user", "department"]
    list_select_related = ["user", "department", "granted_by"]

    def has_change_permission(self, request, obj=None):
        return False  # revoke and grant again: each is an event

    def delete_model(self, request, obj):
        actions.do_revoke_role(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user", "department"):
            actions.do_revoke_role(assignment, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    """Tokens for apps and kiosks. Issued with `yiwang issue-token`; revoked here."""

    edit_roles = frozenset({Role.SECURITY_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    list_display = [
        "name",
        "prefix",
        "user",
        "channel",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = list_display
    fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # permissions: an action without them is offered to everyone who may view, the audit admin too.
    @admin.action(permissions=["change"], description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.select_related("user"):
            actions.do_revoke_api_token(token, actor=request.user)
        self.message_user(request, _("Revoked."), messages.SUCCESS)
