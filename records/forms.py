from crispy_forms.helper import FormHelper
from django import forms


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
