"""Admin of the data element registry and the resource catalogue, for the system administrator
(the audit administrator reads). A resource's data items are edited inline and checked together:
the key items, the subject item and its identifier check must agree with the resource, and the key
of a resource that holds records cannot change (its records are found by it)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.datahub import actions
from yiwang.datahub.models import DataElement, DataItem, Resource

EDITORS = frozenset({Role.SYSTEM_ADMIN})
READERS = frozenset({Role.AUDIT_ADMIN})
SUBJECT_CHECKS = {Resource.PERSON: DataElement.CITIZEN_ID, Resource.ENTERPRISE: DataElement.CREDIT_CODE}


class DataElementForm(forms.ModelForm):
    class Meta:
        model = DataElement
        fields = [
            "identifier",
            "name",
            "name_en",
            "definition",
            "data_type",
            "format",
            "max_length",
            "code_list",
            "check_kind",
            "is_personal",
        ]

    def clean(self):
        data = super().clean()
        kind, codes = data.get("data_type"), data.get("code_list") or []
        if kind == DataElement.CODE:
            if (
                not isinstance(codes, list)
                or not codes
                or not all(
                    isinstance(entry, list)
                    and len(entry) == 2
                    and all(isinstance(x, str) and x for x in entry)
                    for entry in codes
                )
            ):
                self.add_error(
                    "code_list", _('A code element needs its code list: [["code", "label"], ...].')
                )
            elif len({entry[0] for entry in codes}) != len(codes):
                self.add_error("code_list", _("Each code may appear only once in the list."))
        elif codes:
            self.add_error("code_list", _("Only an element of type code has a code list."))
        if data.get("check_kind") and kind != DataElement.STRING:
            self.add_error("check_kind", _("Identifier checks apply to text elements only."))
        return data


@admin.register(DataElement)
class DataElementAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles, view_roles = EDITORS, READERS
    form = DataElementForm
    list_display = ["identifier", "name", "data_type", "format", "check_kind", "is_personal"]
    list_filter = ["data_type", "is_personal", "check_kind"]
    search_fields = ["identifier", "name", "name_en"]

    def has_delete_permission(self, request, obj=None):
        return False  # items are bound to elements: an element is kept once used

    def save_model(self, request, obj, form, change):
        actions.do_save_data_element(obj, actor=request.user, changed=form.changed_data)


class DataItemFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        resource = self.instance
        subject_kind = getattr(resource, "subject_kind", "")
        keys = [row for row in rows if row.get("is_key")]
        if not keys:
            raise ValidationError(
                _("Mark at least one data item as part of the key: records are matched by it.")
            )
        if any(not row.get("required") for row in keys):
            raise ValidationError(_("Key items must be required."))
        subjects = [row for row in rows if row.get("is_subject")]
        if subject_kind:
            if len(subjects) != 1:
                raise ValidationError(_("Mark exactly one data item as the subject of the records."))
            wanted = SUBJECT_CHECKS[subject_kind]
            if subjects[0]["element"].check_kind != wanted:
                raise ValidationError(
                    _("The subject item must be bound to an element with the check %(check)s.")
                    % {"check": dict(DataElement.CHECK_CHOICES)[wanted]}
                )
        elif subjects:
            raise ValidationError(_("This resource's records are about no one: no item can be the subject."))
        if resource.pk and resource.records.exists():
            before = list(
                resource.items.filter(is_key=True).order_by("sort_order", "id").values_list("key", flat=True)
            )
            after = [row["key"] for row in sorted(keys, key=lambda row: row.get("sort_order") or 0)]
            if before != after:
                raise ValidationError(_("This resource holds records: its key items cannot change."))


class DataItemInline(admin.TabularInline):
    model = DataItem
    formset = DataItemFormSet
    extra = 1
    fields = ["sort_order", "key", "name", "element", "required", "is_key", "is_subject"]
    autocomplete_fields = ["element"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.has_role(*EDITORS)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.has_role(*EDITORS)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.has_role(*EDITORS)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or request.user.has_role(*(EDITORS | READERS))


@admin.register(Resource)
class ResourceAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles, view_roles = EDITORS, READERS
    inlines = [DataItemInline]
    list_display = [
        "code",
        "name",
        "provider",
        "kind",
        "sharing_type",
        "opening_type",
        "update_cycle",
        "data_updated_at",
        "stale_since",
        "is_active",
    ]
    list_filter = ["kind", "sharing_type", "opening_type", "update_cycle", "is_active", "provider"]
    search_fields = ["code", "name"]
    filter_horizontal = ["related"]
    readonly_fields = ["data_updated_at", "stale_since"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "kind",
                    "classification",
                    "provider",
                    "abstract",
                    "format",
                    "subject_kind",
                    "is_active",
                ]
            },
        ),
        (
            _("Sharing and opening"),
            {
                "fields": [
                    "sharing_type",
                    "sharing_conditions",
                    "sharing_method",
                    "opening_type",
                    "opening_conditions",
                ]
            },
        ),
        (_("Updates"), {"fields": ["update_cycle", "published_on", "data_updated_at", "stale_since"]}),
        (_("Related resources"), {"fields": ["related"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False  # records, grants and uses point at a resource: deactivate it instead

    def save_model(self, request, obj, form, change):
        actions.do_save_resource(obj, actor=request.user, changed=form.changed_data)
