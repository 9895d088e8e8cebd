from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Membership, Organisation, User


@admin.register(User)
class ProjectUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ["role"]}))
    list_display = ["username", "email", "first_name", "last_name", "role"]
    list_filter = ["role", "is_active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
