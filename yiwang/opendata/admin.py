from django.contrib import admin

from yiwang.opendata.models import AccessApplication, Developer, OpenDataset, Showcase


@admin.register(OpenDataset)
class OpenDatasetAdmin(admin.ModelAdmin):
    """Read-only: datasets are published by the provider's stewards on their pages, where the
    personal-data check runs."""

    list_display = ["name", "title", "resource", "theme", "status", "quality", "view_count", "download_count"]
    list_filter = ["status", "theme"]
    search_fields = ["name", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Developer)
class DeveloperAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "agreed_at"]
    search_fields = ["organisation", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessApplication)
class AccessApplicationAdmin(admin.ModelAdmin):
    list_display = ["developer", "dataset", "status", "created_at", "decided_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Showcase)
class ShowcaseAdmin(admin.ModelAdmin):
    list_display = ["title", "developer", "status", "created_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
