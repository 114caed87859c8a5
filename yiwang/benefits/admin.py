"""Admin for recommendation and benefit rules (the system administrator edits, the audit
administrator reads) and, read-only, the runs and grants. Saving a rule goes through its action,
whose refusal of a malformed condition is shown on the condition field."""

import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.admin import ActionForm, ActorFormMixin
from yiwang.accounts.models import Role
from yiwang.admin_site import RoleAdminMixin
from yiwang.benefits import actions
from yiwang.benefits.models import BenefitGrant, BenefitRule, BenefitRun, RecommendationRule

EDITORS = frozenset({Role.SYSTEM_ADMIN})
READERS = frozenset({Role.AUDIT_ADMIN})
CONDITION_HELP = _(
    'A JSON list of clauses that must all hold, e.g. [{"source": "person", "field": "age", '
    '"op": "gte", "value": 80}]. See docs/benefits.md for the sources, fields and operators.'
)


class ConditionField(forms.JSONField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", CONDITION_HELP)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6, "cols": 90}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return json.dumps(value, ensure_ascii=False, indent=1) if not isinstance(value, str) else value


class RecommendationRuleForm(ActionForm):
    condition = ConditionField(label=_("condition"))

    class Meta:
        model = RecommendationRule
        fields = ["code", "name", "audience", "item", "condition", "reason", "is_active", "sort_order"]

    def run_action(self, data):
        rule = self.instance if self.instance.pk else None
        return actions.do_save_recommendation_rule(
            rule,
            code=data.get("code", ""),
            name=data["name"],
            audience=data["audience"],
            item=data["item"],
            condition=data["condition"],
            reason=data["reason"],
            is_active=data.get("is_active", False),
            sort_order=data.get("sort_order") or 0,
            actor=self.actor,
        )


class BenefitRuleForm(ActionForm):
    condition = ConditionField(label=_("eligibility condition"))

    class Meta:
        model = BenefitRule
        fields = ["code", "name", "audience", "item", "condition", "amount", "grant_description", "is_active"]

    def run_action(self, data):
        rule = self.instance if self.instance.pk else None
        return actions.do_save_benefit_rule(
            rule,
            code=data.get("code", ""),
            name=data["name"],
            audience=data["audience"],
            item=data["item"],
            condition=data["condition"],
            amount=data.get("amount"),
            grant_description=data["grant_description"],
            is_active=data.get("is_active", False),
            actor=self.actor,
        )


class RuleAdmin(ActorFormMixin, RoleAdminMixin, admin.ModelAdmin):
    edit_roles = EDITORS
    view_roles = READERS
    list_filter = ["audience", "is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # switch a rule off instead: its history refers to it

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(RecommendationRule)
class RecommendationRuleAdmin(RuleAdmin):
    form = RecommendationRuleForm
    list_display = ["code", "name", "audience", "item", "is_active", "sort_order"]


@admin.register(BenefitRule)
class BenefitRuleAdmin(RuleAdmin):
    form = BenefitRuleForm
    list_display = ["code", "name", "audience", "item", "amount", "is_active"]


class ReadOnlyAdmin(RoleAdminMixin, admin.ModelAdmin):
    view_roles = EDITORS | READERS

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BenefitRun)
class BenefitRunAdmin(ReadOnlyAdmin):
    list_display = [
        "rule",
        "trigger",
        "status",
        "checked",
        "found",
        "granted",
        "already_granted",
        "declined",
        "created_at",
    ]
    list_filter = ["status", "trigger", "rule"]
    list_select_related = ["rule"]


@admin.register(BenefitGrant)
class BenefitGrantAdmin(ReadOnlyAdmin):
    list_display = ["rule", "case", "status", "amount", "created_at", "declined_at"]
    list_filter = ["status", "rule"]
    list_select_related = ["rule", "case"]
    raw_id_fields = ["subject", "case", "run"]
