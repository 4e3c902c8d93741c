from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import filesizeformat

from programs.models import Clinic

from .library import MAX_ARCHIVE_BYTES


class EraseForm(forms.Form):
    """The patient's name typed again: nothing is erased by a slip of the mouse."""

    name = forms.CharField(
        label="Type the patient's name to confirm",
        max_length=120,
        help_text="Exactly as shown above.",
    )

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name != self.patient.name.strip():
            raise forms.ValidationError("That is not this patient's name; nothing was erased.")
        return name


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
