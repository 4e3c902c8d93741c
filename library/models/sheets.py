"""Education sheets: plain-language pages a clinic hands out with the exercises (food for
strong bones, a fall-proof home...), each with its sections, tick boxes for the patient to
fill in at home, and the sources its facts come from."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from core.text import lines
from core.translated import text_in

from .exercises import SlugManager, SlugNaturalKey


class SheetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def with_parts(self):
        """Everything a printed sheet shows, in one query per related table."""
        return self.prefetch_related("sections", "sources")


class Sheet(SlugNaturalKey, models.Model):
    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=200, help_text="One line for the therapist choosing sheets (not printed)."
    )
    conditions = models.ManyToManyField(
        "library.Condition",
        related_name="education_sheets",
        blank=True,
        help_text="The editor suggests this sheet for patients with these conditions.",
    )
    archived = models.BooleanField(
        default=False, help_text="Archived sheets stay on old programs but cannot be added."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager.from_queryset(SheetQuerySet)()

    class Meta:
        ordering = ["title"]
        constraints = [models.CheckConstraint(name="sheet_title_not_blank", condition=~Q(title=""))]

    def __str__(self):
        return self.title

    def as_printed(self, language="en"):
        """The sheet as the handout prints it (plain data, frozen in a handout's snapshot),
        in one language (settings.LANGUAGES; empty where it lacks that language's text).
        Needs `with_parts()`, or costs two queries."""
        return {
            "title": text_in(self, "title", language),
            "sections": [section.as_printed(language) for section in self.sections.all()],
            "sources": [
                {
                    "title": text_in(source, "title", language) or text_in(source, "title", "en"),
                    "url": source.url,
                }
                for source in self.sources.all()
            ],
        }


class SheetSection(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=1)
    heading = models.CharField(max_length=120)
    text = models.TextField(blank=True, help_text="Plain words; each line is a paragraph.")
    checklist = models.TextField(
        blank=True,
        help_text="Things for the patient to tick at home, one per line "
        "(e.g. 'A night light between the bed and the bathroom').",
    )
    picture = models.ImageField(upload_to="sheet-pictures/", blank=True)
    picture_alt = models.CharField(
        "picture text",
        max_length=200,
        blank=True,
        help_text="Describes the picture for people who cannot see it (needed with a picture).",
    )

    class Meta:
        ordering = ["sheet", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="sheet_section_heading_not_blank", condition=~Q(heading="")
            ),
            models.CheckConstraint(
                name="sheet_picture_has_alt_text", condition=Q(picture="") | ~Q(picture_alt="")
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.picture and not (self.picture_alt or "").strip():
            # Named by its English column, the field admin shows (modeltranslation).
            field = build_localized_fieldname("picture_alt", settings.LANGUAGE_CODE)
            raise ValidationError({field: "Describe the picture in a few words."})

    def as_printed(self, language="en"):
        return {
            "heading": text_in(self, "heading", language),
            "paragraphs": lines(text_in(self, "text", language)),
            "checklist": lines(text_in(self, "checklist", language)),
            "picture": self.picture.name,
            "picture_alt": text_in(self, "picture_alt", language),
        }


class SheetSource(models.Model):
    """Where the sheet's facts come from (printed small at the bottom of the sheet)."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="sources")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    url = models.URLField("link", blank=True)

    class Meta:
        ordering = ["sheet", "order", "pk"]

    def __str__(self):
        return self.title
