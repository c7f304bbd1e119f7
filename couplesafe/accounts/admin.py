from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from couplesafe.accounts.models import Couple, Invite, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "time_zone", "is_staff"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone", "role")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "display_name", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ["role", "is_staff"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ["user", "seat", "joined_at", "ended_at"]


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["public_id", "created_at", "ended_at"]
    inlines = [MembershipInline]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    list_display = ["inviter", "status", "created_at", "expires_at"]
    exclude = ["token_hash"]
