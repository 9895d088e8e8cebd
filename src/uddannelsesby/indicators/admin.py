from django.contrib import admin

from .models import Fetch, Indicator, IndicatorLink


class IndicatorLinkInline(admin.TabularInline):
    model = IndicatorLink
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Read-only: the catalogue file is the source; `indicators compute` loads it."""

    list_display = ["code", "name_da", "unit", "table"]
    inlines = [IndicatorLinkInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fetch)
class FetchAdmin(admin.ModelAdmin):
    list_display = ["table", "origin", "fetched_at", "rows", "changed"]
    list_filter = ["origin", "table"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
