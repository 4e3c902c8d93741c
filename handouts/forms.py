from django import forms

from .models import Mode


class HandoutOptionsForm(forms.Form):
    mode = forms.ChoiceField(
        choices=Mode.choices,
        initial=Mode.FILLED,
        widget=forms.RadioSelect,
        help_text="Filled in: only this patient's exercises. Full sheet: the whole protocol, "
        "with the others left blank. Blank form: nothing filled in, to write on by hand.",
    )
    large_print = forms.BooleanField(
        required=False, help_text="16 pt and larger, in Atkinson Hyperlegible, for poor eyesight."
    )

    def options(self):
        """The chosen mode and print size; the defaults when the choice is missing or wrong."""
        if self.is_bound and self.is_valid():
            return Mode(self.cleaned_data["mode"]), self.cleaned_data["large_print"]
        return Mode.FILLED, False
