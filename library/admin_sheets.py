from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.uploads import SafeImageField

from .models import Sheet, SheetSection, SheetSource

# Links typed without a scheme are taken as https (Django 6's default, chosen now).
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class SectionInline(TranslationStackedInline):
    model = SheetSection
    extra = 0
    min_num = 1
    # Uploaded pictures are checked, stripped of metadata and re-encoded (core/uploads.py).
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}


class SourceInline(TranslationTabularInline):
    model = SheetSource
    extra = 0
    formfield_overrides = HTTPS_LINKS


@admin.register(Sheet)
class SheetAdmin(TabbedTranslationAdmin):  # a tab per language for the printed words
    list_display = ["title", "summary", "archived"]
    list_filter = ["conditions", "archived"]
    search_fields = ["title", "summary", "sections__heading", "sections__text"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["conditions"]
    inlines = [SectionInline, SourceInline]
    readonly_fields = ["preview_link"]
    fields = ["title", "slug", "summary", "conditions", "archived", "preview_link"]

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj.pk:
            return "Save first to see the preview."
        url = reverse("admin:library_sheet_preview", args=[obj.pk])
        return format_html('<a href="{}">See it as the patient will</a>', url)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="library_sheet_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The sheet as printed on a handout (the handout's own include and stylesheet)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        sheet = get_object_or_404(Sheet.objects.with_parts(), pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Preview: {sheet.title}",
            "sheet": sheet.as_printed(),
            "opts": self.model._meta,
            "original": sheet,
        }
        return TemplateResponse(request, "admin/library/sheet/preview.html", context)
