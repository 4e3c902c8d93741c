from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from core.svg import svg_problems
from core.uploads import SafeDrawingField, SafeImageField

from . import region_counts
from .admin_ownership import ClinicLibraryAdminMixin, ClinicLibraryFormMixin, PartInlineMixin
from .models import (
    BodyRegion,
    Condition,
    ConditionCaution,
    Exercise,
    ExerciseBenefit,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariant,
    MovementTag,
    SupportOption,
)

IN_USE_MESSAGE = (
    "{names} cannot be deleted because a program or protocol uses it. "
    "Archive it instead: it stays on those programs but can no longer be added to new ones."
)

# Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}
# Uploaded photos are checked, stripped of metadata and re-encoded; uploaded drawings are
# checked for script and outside links (core/uploads.py).
SAFE_IMAGES = {models.ImageField: {"form_class": SafeImageField}}
SAFE_DRAWINGS = {models.FileField: {"form_class": SafeDrawingField}}


class RequiredInline(PartInlineMixin, TranslationTabularInline):
    """An inline that needs at least one filled row (admin does not pass validate_min)."""

    extra = 0
    min_num = 1

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class StepInline(RequiredInline):
    model = ExerciseStep


class TipInline(PartInlineMixin, TranslationTabularInline):
    model = ExerciseTip
    extra = 0


class BenefitInline(RequiredInline):
    model = ExerciseBenefit


class VariantInline(PartInlineMixin, TranslationTabularInline):
    model = ExerciseVariant
    extra = 0


class ExerciseAdminForm(ClinicLibraryFormMixin, forms.ModelForm):
    def clean_illustration(self):
        """Only a shipped SVG that cannot run script or fetch anything may be named."""
        path = self.cleaned_data["illustration"]
        if not path:
            return path  # none shipped: an uploaded drawing or the photo is shown
        found = finders.find(path) if path.endswith(".svg") else None
        if not found:
            raise forms.ValidationError("Name an SVG file among the static files.")
        problems = svg_problems(Path(found).read_text(encoding="utf-8", errors="replace"))
        if problems:
            raise forms.ValidationError(["This drawing is not safe to show.", *problems])
        return path


@admin.register(Exercise)
# A tab per language for the patient's words.
class ExerciseAdmin(ClinicLibraryAdminMixin, TabbedTranslationAdmin):
    form = ExerciseAdminForm
    list_display = ["thumbnail", "name", "library", "position", "kind", "default_dose", "archived"]
    list_display_links = ["name"]  # the picture alone would be a link without a name
    list_filter = ["position", "kind", "regions", "movement_tags", "archived"]
    search_fields = ["name", "summary", "steps__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "movement_tags", "support_options"]
    inlines = [StepInline, TipInline, BenefitInline, VariantInline]
    formfield_overrides = {**HTTPS_LINKS, **SAFE_IMAGES, **SAFE_DRAWINGS}
    radio_fields = {"picture": admin.HORIZONTAL}
    actions = ["archive", "restore", "hide_for_my_clinic", "show_for_my_clinic", "delete_selected"]
    readonly_fields = ["preview_link", "picture_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "preview_link", "archived"]}),
        ("Library", {"fields": ["library", "based_on"]}),
        ("Where and what", {"fields": ["position", "kind", "regions", "movement_tags"]}),
        (
            "Dose defaults",
            {
                "description": "A new program item starts with these numbers.",
                "fields": [
                    ("hold_min_seconds", "hold_max_seconds"),
                    ("reps", "sets", "side"),
                    ("stay_minutes", "work_up_to_reps"),
                ],
            },
        ),
        ("For the patient", {"fields": ["take_care", "support_options"]}),
        (
            "Pictures and credit",
            {
                "description": "Upload an SVG drawing or a photo, then choose which one the "
                "library and the handout show.",
                "fields": [
                    "picture",
                    "picture_preview",
                    "drawing",
                    "photo",
                    "illustration",
                    "illustration_alt",
                    "video_url",
                    "credit",
                    "source_title",
                    "source_url",
                ],
            },
        ),
    ]

    class Media:
        # The thumbnails' white background: a stylesheet, as the CSP forbids style="".
        css = {"all": ["css/admin-preview.css"]}

    @admin.display(description="Picture")
    def thumbnail(self, obj):
        src = obj.picture_url
        if not src:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="72" height="45" class="exercise-thumb">', src
        )

    @admin.display(description="As printed")
    def picture_preview(self, obj):
        """The saved picture the handout prints (photos in black and white, as printed)."""
        src = obj.picture_url if obj.pk else None
        if not src:
            return "Save to see the picture as it will print."
        printed_as = "photo" if obj.picture == "photo" and obj.photo else "drawing"
        return format_html(
            '<img src="{}" alt="{}" class="exercise-picture-preview {}">',
            src,
            obj.illustration_alt,
            printed_as,
        )

    @admin.display(description="Default dose")
    def default_dose(self, obj):
        return obj.default_dose or "—"

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save first to see the preview."
        url = reverse("admin:library_exercise_preview", args=[obj.pk])
        return format_html('<a href="{}">See it as the patient will</a>', url)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="library_exercise_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The exercise as the patient reads it: steps, dose, supports, variants, benefits."""
        if not self.has_view_permission(request):
            return redirect("admin:index")
        exercise = get_object_or_404(self.get_queryset(request).with_parts(), pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": exercise,
            "exercise": exercise,
            "title": f"Preview: {exercise.name}",
        }
        return TemplateResponse(request, "admin/library/exercise/preview.html", context)

    @admin.action(description="Archive selected exercises", permissions=["change"])
    def archive(self, request, queryset):
        count = self.editable_rows(request, queryset).update(archived=True)
        region_counts.forget()
        self.message_user(request, f"Archived {count} exercise(s).", messages.SUCCESS)

    @admin.action(description="Restore selected exercises from the archive", permissions=["change"])
    def restore(self, request, queryset):
        count = self.editable_rows(request, queryset).update(archived=False)
        region_counts.forget()
        self.message_user(request, f"Restored {count} exercise(s).", messages.SUCCESS)

    @admin.action(description="Delete selected exercises", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Replaces Django's bulk delete, which would list protected programs, with a plain
        refusal that points to archiving."""
        in_use = [exercise.name for exercise in queryset if exercise.in_use()]
        if in_use:
            self.message_user(
                request, IN_USE_MESSAGE.format(names=", ".join(in_use)), messages.ERROR
            )
            return None
        return django_delete_selected(self, request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        exercise = self.get_object(request, object_id)
        if not self.has_delete_permission(request, exercise):
            raise PermissionDenied  # before the in-use check, as Django's own view does
        if exercise is not None and exercise.in_use():
            self.message_user(request, IN_USE_MESSAGE.format(names=exercise.name), messages.ERROR)
            return redirect("admin:library_exercise_change", exercise.pk)
        return super().delete_view(request, object_id, extra_context)


class CautionInline(admin.StackedInline):
    model = ConditionCaution
    extra = 0
    autocomplete_fields = ["movement_tag"]
    formfield_overrides = HTTPS_LINKS
    fields = [("movement_tag", "severity"), "message", ("source", "source_url")]


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "caution_count", "cautioned_movements"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CautionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(caution_count=models.Count("caution_rules"))
            .prefetch_related("caution_rules__movement_tag")
        )

    @admin.display(description="Cautions", ordering="caution_count")
    def caution_count(self, obj):
        return obj.caution_count

    @admin.display(description="Movements")
    def cautioned_movements(self, obj):
        return ", ".join(caution.movement_tag.name for caution in obj.caution_rules.all()) or "—"


@admin.register(ConditionCaution)
class ConditionCautionAdmin(admin.ModelAdmin):
    """The rules the program editor checks. A change here applies at once: the editor and
    the program pages compute their warnings from these rows on every view."""

    list_display = ["condition", "movement_tag", "severity", "short_message", "source_link"]
    list_display_links = ["condition", "movement_tag"]
    list_filter = ["condition", "movement_tag", "severity"]
    list_select_related = ["condition", "movement_tag"]
    search_fields = ["message", "source", "condition__name", "movement_tag__name"]
    autocomplete_fields = ["condition", "movement_tag"]
    formfield_overrides = HTTPS_LINKS
    fieldsets = [
        (
            None,
            {
                "description": "Exercises tagged with this movement get a warning in the "
                "program editor for patients with this condition. The therapist may keep "
                "such an exercise by writing a reason; the patient's handout never shows it.",
                "fields": [("condition", "movement_tag"), "severity", "message"],
            },
        ),
        ("Source", {"fields": ["source", "source_url"]}),
    ]

    @admin.display(description="Message")
    def short_message(self, obj):
        return Truncator(obj.message).chars(80)

    @admin.display(description="Source", ordering="source")
    def source_link(self, obj):
        if not obj.source_url:
            return obj.source
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            obj.source_url,
            Truncator(obj.source).chars(60),
        )


@admin.register(MovementTag)
class MovementTagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(BodyRegion)
class NamedSlugAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SupportOption)
class SupportOptionAdmin(TabbedTranslationAdmin, NamedSlugAdmin):
    """Printed on the handout, so named in every language."""


# Protocols and education sheets register themselves in their own modules.
from . import admin_protocols, admin_sheets  # noqa: E402, F401
