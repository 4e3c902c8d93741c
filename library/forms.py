from django import forms
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat

from clinics.models import Clinic

from .models import BodyRegion, Condition, ConditionCaution, Kind, Position, Protocol
from .transfer import MAX_ARCHIVE_BYTES


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, region):
        return f"{region.name} ({region.exercise_count})"


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", max_length=100, required=False)
    position = forms.ChoiceField(
        label="Starting position", choices=[("", "Any position"), *Position.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Kind.choices], required=False
    )
    # Each region with the number of active base exercises in it (one query).
    region = RegionChoiceField(
        label="Body region",
        queryset=BodyRegion.objects.annotate(
            exercise_count=Count(
                "exercises",
                filter=Q(exercises__clinic__isnull=True, exercises__archived=False),
            )
        ),
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


class LibraryPageFilterForm(LibraryFilterForm):
    """The library page's filters: the shared ones, and a protocol's exercises or those
    safe for a condition in one click."""

    protocol = forms.ModelChoiceField(
        label="In protocol",
        queryset=Protocol.objects.none(),
        to_field_name="slug",
        empty_label="Any protocol",
        required=False,
    )
    condition = forms.ModelChoiceField(
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
