from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PAIN_MAX, Effort


class DayForm(forms.Form):
    """Every form of the page names the day it was shown for: a page left open past
    midnight (or a form sent again days later) must not tick the wrong day."""

    day = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day != self.today:
            raise forms.ValidationError(
                _("This page was for another day. Here is today's page: please tick again.")
            )
        return day


class TickForm(DayForm):
    exercise = forms.IntegerField(min_value=1)
    done = forms.TypedChoiceField(choices=[("1", "done"), ("0", "undo")], coerce=lambda v: v == "1")

    def __init__(self, *args, exercise_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise_ids = exercise_ids

    def clean_exercise(self):
        exercise = self.cleaned_data["exercise"]
        if exercise not in self.exercise_ids:
            raise forms.ValidationError(_("That exercise is not on your sheet."))
        return exercise


class FeelForm(DayForm):
    pain = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in range(PAIN_MAX + 1)],
        coerce=int,
        error_messages={"invalid_choice": _("Choose your pain from 0 to 10.")},
    )
    effort = forms.ChoiceField(
        choices=Effort.choices,
        error_messages={"invalid_choice": _("Choose too easy, about right or too hard.")},
    )
