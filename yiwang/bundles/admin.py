"""Admin of bundles and situation guides: configuration as data.

The system administrator edits; the audit administrator reads. Each bundle's page shows the result
of the configuration check (every required item field covered, mappings of matching kinds, guide
rules that name real items, materials and fields), keyed by item/field. Publishing goes through
`do_publish_bundle`, which refuses a bundle that fails the check; a published bundle changed into
one that fails it is taken off the portal (`do_record_bundle_change`) and the problems are shown.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.bundles import actions
from yiwang.bundles.configuration import check_bundle, check_guide
from yiwang.bundles.models import (
    Bundle,
    BundleField,
    BundleItem,
    FieldMapping,
    Guide,
    GuideOption,
    GuideQuestion,
    GuideRule,
)

EDITORS = frozenset({Role.SYSTEM_ADMIN})
READERS = frozenset({Role.AUDIT_ADMIN})


class ConfigurationAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = EDITORS
    view_roles = READERS


class ConfigurationInline(RoleAdminMixin, admin.TabularInline):
    edit_roles = EDITORS
    view_roles = READERS
    extra = 0


def _problems(errors):
    if not errors:
        return format_html(
            '<span class="text-success">{}</span>', _("No problems: the bundle may be published.")
        )
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li><code>{}</code> {}</li>", sorted(errors.items()))
    )


class BundleFieldInline(ConfigurationInline):
    model = BundleField
    fields = [
        "sort_order",
        "key",
        "label",
        "kind",
        "required",
        "choices",
        "prefill",
        "max_length",
        "help_text",
    ]


class BundleItemInline(ConfigurationInline):
    model = BundleItem
    fields = ["sort_order", "item", "waits_for", "note", "mappings_link"]
    readonly_fields = ["mappings_link"]
    raw_id_fields = ["item"]
    show_change_link = True

    @admin.display(description=_("field mappings"))
    def mappings_link(self, obj):
        return _("%(count)s mapped") % {"count": obj.mappings.count()} if obj.pk else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "waits_for":
            bundle_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = BundleItem.objects.filter(bundle_id=bundle_id).select_related(
                "item__current"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Bundle)
class BundleAdmin(ConfigurationAdmin):
    list_display = ["name", "slug", "audience", "life_event", "promised_limit", "published"]
    list_filter = ["published", "audience", "life_event"]
    search_fields = ["name", "slug"]
    readonly_fields = ["published", "configuration_check"]
    fields = [
        "name",
        "slug",
        "summary",
        "audience",
        "life_event",
        "promised_limit",
        "visits",
        "sort_order",
        "published",
        "configuration_check",
    ]
    inlines = [BundleFieldInline, BundleItemInline]
    actions = ["publish", "unpublish"]

    def has_delete_permission(self, request, obj=None):
        return False  # bundle cases point at bundles: take them off the portal instead

    @admin.display(description=_("configuration check"))
    def configuration_check(self, obj):
        return _problems(check_bundle(obj)) if obj.pk else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        was_published = form.instance.published
        errors = actions.do_record_bundle_change(form.instance, actor=request.user)
        if errors:
            text = "; ".join(f"{key}: {message}" for key, message in sorted(errors.items()))
            self.message_user(
                request,
                (
                    _("Taken off the portal until fixed: %(problems)s")
                    if was_published
                    else _("Not ready to publish: %(problems)s")
                )
                % {"problems": text},
                messages.WARNING,
            )

    @admin.action(description=_("Publish the selected bundles"))
    def publish(self, request, queryset):
        for bundle in queryset:
            try:
                actions.do_publish_bundle(bundle, actor=request.user)
            except ValidationError as error:
                text = "; ".join(f"{key}: {' '.join(m)}" for key, m in sorted(error.message_dict.items()))
                self.message_user(
                    request,
                    _("%(bundle)s: %(error)s") % {"bundle": bundle.name, "error": text},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, _("%(bundle)s published.") % {"bundle": bundle.name}, messages.SUCCESS
                )

    @admin.action(description=_("Take the selected bundles off the portal"))
    def unpublish(self, request, queryset):
        for bundle in queryset:
            actions.do_unpublish_bundle(bundle, actor=request.user)
        self.message_user(request, _("Taken off the portal."), messages.SUCCESS)


class FieldMappingInline(ConfigurationInline):
    model = FieldMapping
    fields = ["item_field", "bundle_field", "fixed_value", "fed_from"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "bundle_field":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            bundle_id = BundleItem.objects.filter(pk=object_id).values_list("bundle_id", flat=True).first()
            kwargs["queryset"] = BundleField.objects.filter(bundle_id=bundle_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BundleItem)
class BundleItemAdmin(ConfigurationAdmin):
    """An item of a bundle with its field mappings (reached from the bundle's page)."""

    list_display = ["bundle", "item", "waits_for"]
    list_filter = ["bundle"]
    fields = ["bundle", "item", "sort_order", "waits_for", "note", "item_fields"]
    readonly_fields = ["bundle", "item", "item_fields"]
    inlines = [FieldMappingInline]

    def has_add_permission(self, request, obj=None):
        return False  # items are added on the bundle's page

    def get_model_perms(self, request):
        return {}  # not on the admin index: reached from its bundle's page

    @admin.display(description=_("the item's form fields"))
    def item_fields(self, obj):
        version = obj.item.current
        if version is None:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{}</code> {} ({}){}</li>",
                (
                    (f.key, f.label, f.get_kind_display(), " *" if f.required else "")
                    for f in version.form_fields.all()
                ),
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bundle = form.instance.bundle
        errors = actions.do_record_bundle_change(bundle, actor=request.user)
        if errors:
            self.message_user(
                request,
                _("The bundle has problems: %(problems)s")
                % {"problems": "; ".join(f"{k}: {v}" for k, v in sorted(errors.items()))},
                messages.WARNING,
            )


class GuideQuestionInline(ConfigurationInline):
    model = GuideQuestion
    fields = ["sort_order", "key", "text", "help_text"]
    show_change_link = True


class GuideRuleInline(ConfigurationInline):
    model = GuideRule
    fields = ["option", "effect", "bundle_item", "material", "field_key", "explanation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "option":
            kwargs["queryset"] = GuideOption.objects.filter(question__guide_id=object_id).select_related(
                "question"
            )
        if db_field.name == "bundle_item":
            bundle_id = Guide.objects.filter(pk=object_id).values_list("bundle_id", flat=True).first()
            kwargs["queryset"] = BundleItem.objects.filter(bundle_id=bundle_id).select_related(
                "item__current"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Guide)
class GuideAdmin(ConfigurationAdmin):
    list_display = ["__str__", "bundle", "item"]
    fields = ["bundle", "item", "intro", "rules_check"]
    readonly_fields = ["rules_check"]
    raw_id_fields = ["item"]
    inlines = [GuideQuestionInline, GuideRuleInline]

    @admin.display(description=_("rules check"))
    def rules_check(self, obj):
        if not obj.pk:
            return "—"
        errors = check_guide(obj)
        return _problems(errors)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide = form.instance
        if guide.bundle_id:
            errors = actions.do_record_bundle_change(guide.bundle, actor=request.user)
        else:
            errors = check_guide(guide)
        if errors:
            self.message_user(
                request,
                _("The guide has problems: %(problems)s")
                % {"problems": "; ".join(f"{k}: {v}" for k, v in sorted(errors.items()))},
                messages.WARNING,
            )


class GuideOptionInline(ConfigurationInline):
    model = GuideOption
    fields = ["sort_order", "value", "label"]


@admin.register(GuideQuestion)
class GuideQuestionAdmin(ConfigurationAdmin):
    list_display = ["text", "guide", "key"]
    fields = ["guide", "sort_order", "key", "text", "help_text"]
    readonly_fields = ["guide"]
    inlines = [GuideOptionInline]

    def has_add_permission(self, request, obj=None):
        return False  # questions are added on the guide's page

    def get_model_perms(self, request):
        return {}  # not on the admin index: reached from its guide's page
