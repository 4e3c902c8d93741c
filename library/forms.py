from django import forms
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from clinics.models import Clinic

from .models import BodyRegion, Condition, ConditionCaution, Kind, Position, Protocol
from .region_counts import region_counts
from .transfer import MAX_ARCHIVE_BYTES


class CountedRegions(ModelChoiceIterator):
    """Each region with the number of active base exercises in it, from the cache
    (library.region_counts): no query when cached."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for slug, name, count in region_counts():
            yield (slug, f"{name} ({count})")

    def __len__(self):
        return len(region_counts()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(region_counts())


class RegionChoiceField(forms.ModelChoiceField):
    """A body region by slug; its choices are the cached counts, and only a chosen region
    is looked up (to validate it)."""

    iterator = CountedRegions


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", max_length=100, required=False)
    position = forms.ChoiceField(
        label="Starting position", choices=[("", "Any position"), *Position.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Kind.choices], required=False
    )
    # Each region with the number of active base exercises in it (cached).
    region = RegionChoiceField(
        label="Body region",
        queryset=BodyRegion.objects.all(),
        to_field_name="slug",
        empty_label="Any region",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            placeholder="Name or words in the steps", type="search", autocomplete="off"
        )

    def filter(self, queryset):
        """Applies whichever filters are valid; an invalid one is reported, not applied."""
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        queryset = queryset.search(valid.get("q", ""))
        if valid.get("position"):
            queryset = queryset.filter(position=valid["position"])
        if valid.get("kind"):
            queryset = queryset.filter(kind=valid["kind"])
        if valid.get("region"):
            queryset = queryset.filter(regions=valid["region"])
        return queryset


class BootstrapBoundField(BoundField):
    """A field's widget with Bootstrap's classes and the error's id in aria-describedby, as
    crispy-forms gave it, for templates/library/includes/_filter_field.html: a plain
    template renders the library page's six filters in a fraction of crispy's time (its
    per-field templates were half the page's render, issue 31)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = "select form-select" if isinstance(widget, forms.Select) else "textinput form-control"
        if self.errors:
            css += " is-invalid"
        given = attrs.pop("class", "")
        return {"class": f"{given} {css}" if given else css, **attrs}  # crispy's order

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        """A plain select written here in one pass, not by Django's widget templates (one
        template per option: about 18 ms of a 100 ms library page under cProfile). The same
        markup: name, the attributes in the same order, the chosen option `selected`."""
        widget = widget or self.field.widget
        if type(widget) is not forms.Select or only_initial:
            return super().as_widget(widget, attrs, only_initial)
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        attrs = widget.build_attrs(widget.attrs, attrs)
        chosen = widget.format_value(self.value())
        chosen = chosen[0] if chosen else None
        # format_html per option was most of this method's time; the same escaping.
        escape = conditional_escape
        options = mark_safe(
            "".join(
                f'<option value="{escape(value)}"'
                f"{' selected' if str(value) == chosen else ''}>{escape(label)}</option>"
                for value, label in self.field.choices
            )
        )
        attributes = format_html_join(
            "",
            "{}",
            (
                (
                    format_html(" {}", name)
                    if value is True
                    else format_html(' {}="{}"', name, value),
                )
                for name, value in attrs.items()
                if value is not False
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', self.html_name, attributes, options)


class ReadChoices(ModelChoiceIterator):
    """The choices read with one plain SELECT. Django's iterator reads them through
    `QuerySet.iterator()`, which on PostgreSQL is a server-side cursor: DECLARE, FETCH and
    CLOSE, three round trips for a handful of rows, twice a library page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ReadChoiceField(forms.ModelChoiceField):
    iterator = ReadChoices


class LibraryPageFilterForm(LibraryFilterForm):
    """The library page's filters: the shared ones, and a protocol's exercises or those
    safe for a condition in one click."""

    bound_field_class = BootstrapBoundField

    protocol = ReadChoiceField(
        label="In protocol",
        queryset=Protocol.objects.none(),
        to_field_name="slug",
        empty_label="Any protocol",
        required=False,
    )
    condition = ReadChoiceField(
        label="No caution for",
        queryset=Condition.objects.all(),
        to_field_name="slug",
        empty_label="Any condition",
        required=False,
        help_text="Only exercises that none of this condition's caution rules meet.",
    )

    def __init__(self, *args, clinic_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The base protocols and the clinic's shared ones (not therapists' private templates).
        shared = Q(clinic__isnull=True)
        if clinic_id is not None:
            shared |= Q(clinic_id=clinic_id, owner__isnull=True)
        self.fields["protocol"].queryset = Protocol.objects.filter(shared)

    def filter(self, queryset):
        queryset = super().filter(queryset)
        data = self.cleaned_data if self.is_bound else {}
        valid = {name: value for name, value in data.items() if name not in self.errors}
        if valid.get("protocol"):
            queryset = queryset.filter(pk__in=valid["protocol"].items.values("exercise_id"))
        if valid.get("condition"):
            cautioned = ConditionCaution.objects.filter(condition=valid["condition"]).values(
                "movement_tag"
            )
            queryset = queryset.exclude(movement_tags__in=cautioned)
        return queryset


class LibraryForm(forms.Form):
    """Which clinic's library: a superuser chooses, a clinic admin moves their own."""

    clinic = forms.ModelChoiceField(queryset=Clinic.objects.none(), empty_label=None)

    def __init__(self, *args, clinic=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clinic is None:
            self.fields["clinic"].queryset = Clinic.objects.order_by("name")
        else:
            del self.fields["clinic"]
            self.clinic = clinic

    def chosen_clinic(self):
        return self.cleaned_data.get("clinic") or self.clinic


class LibraryImportForm(LibraryForm):
    archive = forms.FileField(
        label="Library file (zip)",
        help_text="A zip written by “Export library” or manage.py export_library.",
    )

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        if archive.size > MAX_ARCHIVE_BYTES:
            limit = filesizeformat(MAX_ARCHIVE_BYTES)
            raise forms.ValidationError(f"This file is too large; the limit is {limit}.")
        return archive
