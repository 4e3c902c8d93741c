"""Measures in Django admin. The built-in ones (no clinic) are read only for everyone but
the operator; a clinic admin adds and changes their own clinic's questionnaires (items,
scale, scoring, minimal important change, direction) and never sees another clinic's."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from clinics.access import clinic_id_of

from .models import Kind, Measure, MeasureItem


def may_write(request, measure):
    if request.user.is_superuser:
        return True
    clinic_id = clinic_id_of(request.user)
    if measure is None:
        return clinic_id is not None
    return clinic_id is not None and measure.clinic_id == clinic_id


class MeasureForm(forms.ModelForm):
    library_clinic_id = None  # set by MeasureAdmin.get_form for a new row

    def clean_slug(self):
        """Slugs are unique within one library (built in, or one clinic's): checked here so
        the error shows by the field (the form has no clinic field, so Django would not)."""
        slug = self.cleaned_data["slug"]
        clinic_id = self.instance.clinic_id if self.instance.pk else self.library_clinic_id
        same = Measure.objects.filter(
            Q(clinic_id=clinic_id) if clinic_id else Q(clinic__isnull=True), slug=slug
        ).exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(f"This library already has a measure with the slug “{slug}”.")
        return slug


class ItemsFormSet(BaseInlineFormSet):
    def clean(self):
        """A fixed-item measure needs at least one item; a PSFS-like one asks the patient's
        own activities and has none. (The measure's form is read before its rows.)"""
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.kind == Kind.ITEMS and not kept:
            raise ValidationError("A questionnaire with fixed items needs at least one item.")
        if self.instance.kind == Kind.ACTIVITIES and kept:
            raise ValidationError(
                "A questionnaire of the patient's own activities has no fixed items."
            )


class MeasureItemInline(TranslationTabularInline):
    model = MeasureItem
    formset = ItemsFormSet
    extra = 0
    fields = ["order", "text"]

    def has_add_permission(self, request, obj=None):
        return may_write(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return may_write(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_write(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Measure)
class MeasureAdmin(TabbedTranslationAdmin):
    form = MeasureForm
    inlines = [MeasureItemInline]
    list_display = ["name", "short_name", "library", "scoring", "direction", "mic"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "instructions"]}),
        ("Answers", {"fields": ["kind", "min_activities", "max_activities", "scale_min",
                                "scale_max", "low_label", "high_label"]}),
        ("Score", {"fields": ["scoring", "direction", "mic", "rates_change", "source"]}),
    ]  # fmt: skip

    @admin.display(description="library")
    def library(self, measure):
        return "Built in" if measure.clinic_id is None else str(measure.clinic)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("clinic")
        if request.user.is_superuser:
            return queryset
        return queryset.for_clinic(clinic_id_of(request.user))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A measure with answers is PROTECTed by them; admin says so on delete.
        return super().has_delete_permission(request, obj) and may_write(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and may_write(request, None)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.clinic_id = clinic_id_of(request.user)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.library_clinic_id = None if request.user.is_superuser else clinic_id_of(request.user)
        return form
