from django.contrib import admin
from django.db import models

from core.uploads import SafeImageField

from .models import Clinic, Protocol, ProtocolItem, Therapist


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    """A clinic admin sees and edits their own clinic only; the operator (superuser) all."""

    list_display = ["name", "phone", "paper_size"]
    search_fields = ["name"]
    # The logo is checked, stripped of metadata and re-encoded (core/uploads.py).
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}

    def get_queryset(self, request):
        clinics = super().get_queryset(request)
        if request.user.is_superuser:
            return clinics
        return clinics.filter(therapists__user=request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    """Accounts of the admin's own clinic; a therapist cannot be moved to another clinic
    (that would hand them, or the admin, the other clinic's patients)."""

    list_display = ["__str__", "clinic", "phone"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter)]  # only the clinics shown
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        therapists = super().get_queryset(request)
        if request.user.is_superuser:
            return therapists
        return therapists.filter(clinic__therapists__user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = Clinic.objects.filter(therapists__user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProtocolItemInline(admin.TabularInline):
    model = ProtocolItem
    extra = 0
    autocomplete_fields = ["exercise"]


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["name", "default_frequency"]
    search_fields = ["name", "intro"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProtocolItemInline]
