from django.contrib import admin
from django.db import models

from rehab.uploads import SafeImageField

from .models import Clinic, Protocol, ProtocolItem, Therapist


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "paper_size"]
    search_fields = ["name"]
    # The logo is checked, stripped of metadata and re-encoded (rehab/uploads.py).
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    list_display = ["__str__", "clinic", "phone"]
    list_filter = ["clinic"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["user"]


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
