"""Admin for the holiday calendar (system administrator) and the event log (audit administrator)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.core import actions
from yiwang.core.models import CalendarDay, CalendarYear, Event


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "notice"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("year") is not None:  # the year is fixed once created
            try:
                actions.check_calendar_year(data["year"])
            except actions.CalendarError as error:
                self.add_error("year", str(error))
        return data

    def validate_unique(self):
        # check_calendar_year has said so already, in the same words as the action.
        pass


@admin.register(CalendarYear)
class CalendarYearAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    form = CalendarYearForm
    list_display = ["year", "published", "source", "notice", "updated_at"]
    fields = ["year", "notice", "published", "source"]
    readonly_fields = ["published", "source"]
    inlines = [CalendarDayInline]
    actions = ["publish", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        return ["year", *self.readonly_fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Publishing is a separate action: a year is created unpublished, and only its notice changes here.
        data = form.cleaned_data
        if change:
            stored = actions.do_change_calendar_year_notice(
                CalendarYear.objects.get(pk=obj.pk), data["notice"], actor=request.user
            )
        else:
            stored = actions.do_create_calendar_year(
                data["year"], notice=data.get("notice", ""), actor=request.user
            )
        obj.pk = stored.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None):
        return False

    # permissions: an action without them is offered to everyone who may view, the audit admin too.
    @admin.action(
        description=_("Publish: use these years for working-day arithmetic"), permissions=["change"]
    )
    def publish(self, request, queryset):
        for year in queryset:
            actions.do_publish_calendar_year(year, actor=request.user)
        self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(description=_("Withdraw: stop using these years"), permissions=["change"])
    def withdraw(self, request, queryset):
        for year in queryset:
            actions.do_withdraw_calendar_year(year, actor=request.user)
        self.message_user(request, _("Withdrawn."), messages.SUCCESS)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("kind"):
            try:
                actions.check_calendar_day(data["date"], data["kind"])
            except actions.CalendarError as error:
                raise ValidationError(str(error)) from None
        return data

    def validate_unique(self):
        # Setting an existing date again updates it in place (the action's update_or_create).
        pass


@admin.register(CalendarDay)
class CalendarDayAdmin(RoleAdminMixin, admin.ModelAdmin):
    edit_roles = frozenset({Role.SYSTEM_ADMIN})
    view_roles = frozenset({Role.AUDIT_ADMIN})
    form = CalendarDayForm
    list_display = ["date", "kind", "name", "calendar_year"]
    list_filter = ["kind", "calendar_year"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change and "date" in form.changed_data:  # a corrected date moves the day, not copies it
            actions.do_remove_calendar_day(CalendarDay.objects.get(pk=obj.pk), actor=request.user)
        day = actions.do_set_calendar_day(
            data["date"], data["kind"], name=data.get("name", ""), actor=request.user
        )
        obj.pk, obj.calendar_year_id = day.pk, day.calendar_year_id

    def delete_model(self, request, obj):
        actions.do_remove_calendar_day(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            actions.do_remove_calendar_day(day, actor=request.user)


@admin.register(Event)
class EventAdmin(RoleAdminMixin, admin.ModelAdmin):
    """The audit trail: read-only for everyone, visible to the audit and security administrators."""

    view_roles = frozenset({Role.AUDIT_ADMIN, Role.SECURITY_ADMIN})
    list_display = [
        "created_at",
        "code",
        "success",
        "actor",
        "channel",
        "object_type",
        "object_id",
        "ip_address",
    ]
    list_filter = ["success", "code", "channel"]
    search_fields = ["object_id", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Event._meta.fields]

    # Not even a superuser: rows are only ever inserted, by record_event.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
