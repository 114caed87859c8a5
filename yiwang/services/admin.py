"""Admin for the service catalogue: items, their versions, themes, and the Excel / JSON exchange.

The system administrator edits; the audit administrator reads. Every write goes through
`services/actions.py`: a draft's form and its three inline tables (materials, form fields, process
steps) are read together as one spec and given to `do_change_draft`, whose path-keyed refusals
(`materials[2].source`) are shown on the field and inline row they concern. Published and retired
versions are shown read-only; changing them starts a new version.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.admin import ActionForm, ActorFormMixin
from yiwang.accounts.models import Department, Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.services import actions, exchange
from yiwang.services.models import (
    FormField,
    HandlingForm,
    HandlingType,
    ItemType,
    LifeEvent,
    Material,
    ProcessStep,
    ServiceItem,
    ServiceItemVersion,
    ServiceObject,
    Theme,
)

EDITORS = frozenset({Role.SYSTEM_ADMIN})
READERS = frozenset({Role.AUDIT_ADMIN})


class CatalogueAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = EDITORS
    view_roles = READERS

    def has_delete_permission(self, request, obj=None):
        return False  # cases point at versions: items are withdrawn, never deleted

    def _report(self, request, done, failures, success_message):
        if done:
            self.message_user(request, success_message % {"count": done}, messages.SUCCESS)
        for name, error in failures:
            self.message_user(
                request,
                _("%(item)s: %(error)s") % {"item": name, "error": " ".join(error.messages)},
                messages.ERROR,
            )


def _one_line(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


# Versions and their inline tables -------------------------------------------------------------------


class DraftEdit:
    """A draft's change form and its inline formsets of one request, checked and saved as one spec.

    Django validates the form, then each formset; the last formset to be cleaned builds the spec and
    runs `do_change_draft`, so that the action's refusals land on the forms before the admin decides
    whether the page was valid.
    """

    def __init__(self, version, actor):
        self.version, self.actor = version, actor
        self.form, self.formsets, self.cleaned = None, {}, set()
        self.failed = False
        self.result = None

    def spec(self):
        data = self.form.cleaned_data
        spec = {name: _one_line(data.get(name)) for name in actions.VERSION_FIELDS}
        spec["themes"] = [theme.code for theme in data.get("themes") or []]
        spec["co_departments"] = [department.code for department in data.get("co_departments") or []]
        self.row_forms = {}
        for key, (_model, fields) in actions.NESTED.items():
            formset = self.formsets[key]
            rows = [
                (form.cleaned_data.get("sort_order") or 0, index, form)
                for index, form in enumerate(formset.forms)
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.instance.pk or form.has_changed())
            ]
            rows.sort(key=lambda row: row[:2])
            self.row_forms[key] = [form for _order, _index, form in rows]
            spec[key] = [
                {name: _one_line(form.cleaned_data.get(name)) for name in fields}
                for form in self.row_forms[key]
            ]
        return spec

    def formset_cleaned(self, formset):
        self.cleaned.add(formset.spec_key)
        if self.cleaned != set(actions.NESTED) or self.form is None:
            return
        rows_valid = all(
            form.is_valid() or form.cleaned_data.get("DELETE")
            for formset in self.formsets.values()
            for form in formset.forms
        )
        if not self.form.is_valid() or not rows_valid:
            self.failed = True
            return
        try:
            self.result = actions.do_change_draft(self.version, spec=self.spec(), actor=self.actor)
        except ValidationError as error:
            self.failed = True
            self._place(error)

    def _place(self, error):
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error.messages)
            return
        for error_path, messages_ in error.message_dict.items():
            key, _sep, rest = error_path.partition("[")
            if key in actions.NESTED and rest:
                index, _sep, field = rest.partition("]")
                forms_ = self.row_forms[key]
                field = field.lstrip(".")
                form = forms_[int(index)] if int(index) < len(forms_) else None
                if form is not None:
                    form.add_error(field if field in form.fields else None, messages_)
                    continue
            if key in actions.NESTED:
                self.formsets[key]._non_form_errors.extend(messages_)
            elif error_path in self.form.fields:
                self.form.add_error(error_path, messages_)
            else:
                self.form.add_error(None, messages_)


def _draft_edit(request, obj):
    """The one DraftEdit of this request for this version."""
    edit = getattr(request, "_draft_edit", None)
    if edit is None or edit.version != obj:
        edit = request._draft_edit = DraftEdit(obj, request.user)
    return edit


class RowForm(forms.ModelForm):
    def _post_clean(self):
        pass  # the rules are check_spec's, run for the whole draft


class FormFieldRowForm(RowForm):
    choices = forms.CharField(
        label=_("choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 20}),
        help_text=_("One choice per line."),
    )

    class Meta:
        model = FormField
        fields = ["sort_order", *actions.FORM_FIELD_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.choices, list):
            self.initial["choices"] = "\n".join(self.instance.choices)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class DraftRowFormSet(forms.BaseInlineFormSet):
    edit = None
    spec_key = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.edit is not None:
            self.edit.formsets[self.spec_key] = self

    def clean(self):
        # No validate_unique: check_spec says what is duplicated, once, in the same words everywhere.
        if self.edit is not None and self.is_bound:
            self.edit.formset_cleaned(self)

    def is_valid(self):
        return super().is_valid() and not (self.edit is not None and self.edit.failed)


class DraftRowInline(admin.TabularInline):
    formset = DraftRowFormSet
    form = RowForm
    extra = 1
    spec_key = ""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        edit = _draft_edit(request, obj) if obj is not None and obj.is_editable else None
        return type(formset.__name__, (formset,), {"edit": edit, "spec_key": self.spec_key})

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra if obj is not None and obj.is_editable else 0

    def _may_edit(self, request, obj):
        return self.admin_site._registry[ServiceItemVersion].has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._may_edit(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[ServiceItemVersion].has_view_permission(request, obj)


class MaterialInline(DraftRowInline):
    model = Material
    spec_key = "materials"
    fields = ["sort_order", *actions.MATERIAL_FIELDS]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


class FormFieldInline(DraftRowInline):
    model = FormField
    form = FormFieldRowForm
    spec_key = "form_fields"
    fields = ["sort_order", *actions.FORM_FIELD_FIELDS]


class StepInline(DraftRowInline):
    model = ProcessStep
    spec_key = "steps"
    fields = ["sort_order", *actions.STEP_FIELDS]


class VersionForm(forms.ModelForm):
    service_objects = forms.MultipleChoiceField(
        label=_("service objects"),
        choices=ServiceObject.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    handling_forms = forms.MultipleChoiceField(
        label=_("handling forms"),
        choices=HandlingForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    edit = None

    class Meta:
        model = ServiceItemVersion
        fields = [*actions.VERSION_FIELDS, "themes", "co_departments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.edit is not None and self.is_bound:
            self.edit.form = self

    def _post_clean(self):
        pass  # checked with the inline tables, as one spec, by the action


VERSION_FIELDSETS = [
    (_("The item"), {"fields": ["item_link", "number", "status", "published_at", "published_by"]}),
    (
        _("What it is"),
        {
            "fields": [
                "name",
                "item_type",
                "exercise_level",
                "summary",
                "aliases",
                "legal_basis",
                "body_nature",
                "service_objects",
                "themes",
            ]
        },
    ),
    (
        _("Time limits"),
        {
            "fields": [
                "handling_type",
                "statutory_limit",
                "statutory_limit_note",
                "promised_limit",
                "promised_limit_note",
            ]
        },
    ),
    (
        _("Handling"),
        {
            "fields": [
                "acceptance_conditions",
                "co_departments",
                "intermediary_services",
                "quantity_limit",
                "special_procedures",
                "result_name",
                "result_sample",
                "fee_required",
                "fee_basis",
            ]
        },
    ),
    (
        _("Online and in person"),
        {
            "fields": [
                "service_scope",
                "handling_forms",
                "online",
                "online_url",
                "online_depth",
                "visits",
                "booking",
                "online_payment",
                "express_delivery",
                "place",
                "hours",
                "enquiry_phone",
                "complaint_phone",
            ]
        },
    ),
]
FIXED_VERSION_FIELDS = ["item_link", "number", "status", "published_at", "published_by"]


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(CatalogueAdmin):
    form = VersionForm
    fieldsets = VERSION_FIELDSETS
    inlines = [MaterialInline, FormFieldInline, StepInline]
    list_display = ["name", "item_code", "number", "status", "published_at", "updated"]
    list_filter = ["status", ("item__department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "item__implementation_code"]
    list_select_related = ["item"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["co_departments"]
    actions = ["publish"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        edit = _draft_edit(request, obj) if obj is not None and obj.is_editable else None
        return type(form.__name__, (form,), {"edit": edit})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_editable and self.has_change_permission(request, obj):
            return FIXED_VERSION_FIELDS
        return [*FIXED_VERSION_FIELDS, *actions.VERSION_FIELDS, "themes", "co_departments"]

    def has_add_permission(self, request, obj=None):
        return False  # a version is started from its item (the action "start a new version")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        return obj.updated_at

    @admin.display(description=_("service item"), ordering="item__implementation_code")
    def item_code(self, obj):
        return obj.item.implementation_code

    @admin.display(description=_("service item"))
    def item_link(self, obj):
        url = reverse("admin:services_serviceitem_change", args=[obj.item_id])
        return format_html('<a href="{}">{}</a>', url, obj.item.implementation_code)

    def save_form(self, request, form, change):
        edit = _draft_edit(request, form.instance)
        return edit.result or form.instance

    def save_model(self, request, obj, form, change):
        pass  # saved by do_change_draft while the page was validated

    def save_related(self, request, form, formsets, change):
        pass

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"changed": {"fields": form.changed_data}}] if form.changed_data else []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {}, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(permissions=["change"], description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        done, failures = 0, []
        for version in queryset.select_related("item"):
            try:
                actions.do_publish_version(version, actor=request.user)
                done += 1
            except ValidationError as error:
                failures.append((str(version), error))
        self._report(request, done, failures, _("Published %(count)s versions."))


# Items ----------------------------------------------------------------------------------------------


class ItemCreationForm(ActionForm):
    """A new item: its codes, department and the least a first draft needs; the rest is edited in the draft."""

    name = forms.CharField(label=_("name"), max_length=200)
    item_type = forms.ChoiceField(label=_("item type"), choices=ItemType.choices)
    service_objects = forms.MultipleChoiceField(
        label=_("service objects"), choices=ServiceObject.choices, widget=forms.CheckboxSelectMultiple
    )
    handling_forms = forms.MultipleChoiceField(
        label=_("handling forms"), choices=HandlingForm.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ServiceItem
        fields = ["implementation_code", "basic_code", "department"]

    def run_action(self, data):
        spec = {
            "name": data["name"],
            "item_type": data["item_type"],
            "service_objects": data["service_objects"],
            "handling_forms": data["handling_forms"],
            "handling_type": HandlingType.IMMEDIATE,
            "promised_limit": 0,
        }
        return actions.do_create_item(
            implementation_code=data["implementation_code"],
            basic_code=data.get("basic_code", ""),
            department=data["department"],
            spec=spec,
            actor=self.actor,
        ).item


class VersionInline(admin.TabularInline):
    model = ServiceItemVersion
    fields = ["number", "name", "status", "published_at", "published_by", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DepartmentWithItemsFilter(admin.SimpleListFilter):
    title = _("implementing department")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(d.pk, d.name) for d in Department.objects.filter(service_items__isnull=False).distinct()]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(department_id=value) if value and value.isdigit() else queryset


@admin.register(ServiceItem)
class ServiceItemAdmin(ActorFormMixin, CatalogueAdmin):
    list_display = [
        "implementation_code",
        "current_name",
        "department",
        "current_number",
        "catalogue_status",
        "updated",
    ]
    list_filter = [DepartmentWithItemsFilter]
    search_fields = ["implementation_code", "basic_code", "versions__name"]
    list_select_related = ["department", "current"]
    readonly_fields = [
        "implementation_code",
        "basic_code",
        "department",
        "current_link",
        "draft_link",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [VersionInline]
    actions = ["start_new_version", "publish_drafts", "withdraw"]
    change_list_template = "admin/services/serviceitem/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                draft_number=Max("versions__number", filter=Q(versions__status=ServiceItemVersion.DRAFT))
            )
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ItemCreationForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "implementation_code",
                "basic_code",
                "department",
                "name",
                "item_type",
                "service_objects",
                "handling_forms",
            ]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def response_add(self, request, obj, post_url_continue=None):
        draft = obj.versions.filter(status=ServiceItemVersion.DRAFT).first()
        self.message_user(
            request,
            _("The item was added with a first draft: complete it, then publish it."),
            messages.SUCCESS,
        )
        return redirect("admin:services_serviceitemversion_change", draft.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(
            extra_context or {},
            show_save=False,
            show_save_and_continue=False,
            show_save_and_add_another=False,
        )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        return obj.updated_at

    @admin.display(description=_("name"), ordering="current__name")
    def current_name(self, obj):
        return obj.current.name if obj.current_id else "—"

    @admin.display(description=_("version"))
    def current_number(self, obj):
        return obj.current.number if obj.current_id else "—"

    @admin.display(description=_("status"))
    def catalogue_status(self, obj):
        if obj.current_id:
            state = _("Published")
        elif obj.draft_number == 1:
            state = _("Not yet published")
        else:
            state = _("Withdrawn")
        if obj.draft_number:
            return _("%(state)s · draft v%(number)s") % {"state": state, "number": obj.draft_number}
        return state

    @admin.display(description=_("published version"))
    def current_link(self, obj):
        if not obj.current_id:
            return "—"
        url = reverse("admin:services_serviceitemversion_change", args=[obj.current_id])
        return format_html('<a href="{}">{}</a>', url, str(obj.current))

    @admin.display(description=_("draft"))
    def draft_link(self, obj):
        draft = obj.versions.filter(status=ServiceItemVersion.DRAFT).first()
        if draft is None:
            return "—"
        url = reverse("admin:services_serviceitemversion_change", args=[draft.pk])
        return format_html('<a href="{}">{}</a>', url, str(draft))

    @admin.action(permissions=["change"], description=_("Start a new version of the selected items"))
    def start_new_version(self, request, queryset):
        done, failures = 0, []
        for item in queryset:
            try:
                actions.do_draft_version(item, actor=request.user)
                done += 1
            except ValidationError as error:
                failures.append((item.implementation_code, error))
        self._report(request, done, failures, _("%(count)s items have a draft to edit."))

    @admin.action(permissions=["change"], description=_("Publish the drafts of the selected items"))
    def publish_drafts(self, request, queryset):
        done, failures = 0, []
        drafts = ServiceItemVersion.objects.filter(item__in=queryset, status=ServiceItemVersion.DRAFT)
        for version in drafts.select_related("item"):
            try:
                actions.do_publish_version(version, actor=request.user)
                done += 1
            except ValidationError as error:
                failures.append((version.item.implementation_code, error))
        if not done and not failures:
            self.message_user(request, _("None of the selected items has a draft."), messages.WARNING)
        self._report(request, done, failures, _("Published %(count)s versions."))

    @admin.action(permissions=["change"], description=_("Withdraw the selected items from the catalogue"))
    def withdraw(self, request, queryset):
        done, failures = 0, []
        for item in queryset:
            try:
                actions.do_withdraw_item(item, actor=request.user)
                done += 1
            except ValidationError as error:
                failures.append((item.implementation_code, error))
        self._report(request, done, failures, _("Withdrew %(count)s items from the catalogue."))

    # The exchange page ----------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "exchange/",
                self.admin_site.admin_view(self.exchange_view),
                name="services_catalogue_exchange",
            ),
            path(
                "exchange/export.<str:fmt>",
                self.admin_site.admin_view(self.export_view),
                name="services_catalogue_export",
            ),
            *super().get_urls(),
        ]

    def exchange_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_import = self.has_add_permission(request)
        result = None
        form = ImportForm()
        if request.method == "POST":
            if not may_import:
                raise PermissionDenied
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = exchange.do_import_catalogue(
                        upload.read(),
                        exchange.format_of(upload.name),
                        actor=request.user,
                        draft=form.cleaned_data["draft"],
                        dry_run=form.cleaned_data["dry_run"],
                    )
                except exchange.CatalogueFileError as error:
                    form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "may_import": may_import,
            "title": _("Import and export the catalogue"),
            "formats": exchange.FORMATS,
        }
        return TemplateResponse(request, "admin/services/catalogue_exchange.html", context)

    def export_view(self, request, fmt):
        if fmt not in exchange.FORMATS:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        content = exchange.do_export_catalogue(fmt, actor=request.user)
        response = HttpResponse(
            content,
            content_type=exchange.XLSX_TYPE if fmt == exchange.XLSX else "application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{exchange.export_filename(fmt)}"'
        return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("An Excel workbook (.xlsx) or a JSON file (.json) as exported here."),
    )
    draft = forms.BooleanField(label=_("Import as drafts (publish later)"), required=False)
    dry_run = forms.BooleanField(label=_("Only check: write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if exchange.format_of(upload.name) is None:
            raise ValidationError(_("Choose an Excel workbook (.xlsx) or a JSON file (.json)."))
        if upload.size > exchange.MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s MB.")
                % {"limit": exchange.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


# Themes ---------------------------------------------------------------------------------------------


class ThemeForm(ActionForm):
    class Meta:
        model = Theme
        fields = ["code", "audience", "name", "name_en", "sort_order"]

    def run_action(self, data):
        fields = {
            "name": data["name"],
            "name_en": data.get("name_en", ""),
            "sort_order": data.get("sort_order") or 0,
        }
        if self.instance.pk:
            return actions.do_change_theme(
                self.instance, audience=data["audience"], actor=self.actor, **fields
            )
        return actions.do_create_theme(
            code=data["code"], audience=data["audience"], actor=self.actor, **fields
        )


@admin.register(Theme)
class ThemeAdmin(ActorFormMixin, CatalogueAdmin):
    form = ThemeForm
    list_display = ["code", "name", "name_en", "audience", "sort_order"]
    list_filter = ["audience"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class LifeEventForm(ActionForm):
    class Meta:
        model = LifeEvent
        fields = ["code", "name", "name_en", "summary", "sort_order", "items"]

    def run_action(self, data):
        code = self.instance.code if self.instance.pk else data["code"]
        return actions.do_save_life_event(
            code=code,
            name=data["name"],
            name_en=data.get("name_en", ""),
            summary=data.get("summary", ""),
            sort_order=data.get("sort_order") or 0,
            items=list(data.get("items") or ()),
            actor=self.actor,
        )


@admin.register(LifeEvent)
class LifeEventAdmin(ActorFormMixin, CatalogueAdmin):
    form = LifeEventForm
    list_display = ["code", "name", "name_en", "audience", "sort_order"]
    list_filter = ["audience"]
    filter_horizontal = ["items"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []
