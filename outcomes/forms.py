"""The therapist's form for a program's measure schedule: one row per measure the clinic
offers (which to ask; at the start, every N days, at discharge)."""

from django import forms
from django.core.exceptions import ValidationError

from .services import MAX_EVERY_DAYS

EVERY_ERROR = f"Write a whole number of days from 1 to {MAX_EVERY_DAYS}, or leave it blank."


class ScheduleForm(forms.Form):
    """Fields per measure pk: ask-N, start-N, every-N, discharge-N. `rows` pairs each
    measure with its bound fields for the template (which owns the <form>)."""

    def __init__(self, *args, measures, planned, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        by_pk = {entry.measure.pk: entry for entry in planned}
        for measure in measures:
            entry = by_pk.get(measure.pk)
            pk = measure.pk
            self.fields[f"ask-{pk}"] = forms.BooleanField(
                required=False, initial=entry is not None, label=f"Ask {measure.short_name}"
            )
            self.fields[f"start-{pk}"] = forms.BooleanField(
                required=False, initial=entry.at_start if entry else True, label="At the start"
            )
            self.fields[f"every-{pk}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=MAX_EVERY_DAYS,
                initial=entry.every_days if entry else None,
                label="Every … days",
                error_messages={
                    "invalid": EVERY_ERROR,
                    "min_value": EVERY_ERROR,
                    "max_value": EVERY_ERROR,
                },
                widget=forms.NumberInput(attrs={"min": 1, "max": MAX_EVERY_DAYS, "size": 4}),
            )
            self.fields[f"discharge-{pk}"] = forms.BooleanField(
                required=False,
                initial=entry.at_discharge if entry else True,
                label="At discharge",
            )

    @property
    def rows(self):
        return [
            {
                "measure": m,
                "ask": self[f"ask-{m.pk}"],
                "start": self[f"start-{m.pk}"],
                "every": self[f"every-{m.pk}"],
                "discharge": self[f"discharge-{m.pk}"],
            }
            for m in self.measures
        ]

    def clean(self):
        data = super().clean()
        for measure in self.measures:
            pk = measure.pk
            if data.get(f"ask-{pk}") and not (
                data.get(f"start-{pk}") or data.get(f"every-{pk}") or data.get(f"discharge-{pk}")
            ):
                self.add_error(
                    f"ask-{pk}",
                    ValidationError(
                        f"{measure.short_name}: choose when to ask it (at the start, every "
                        "so many days or at discharge), or untick it."
                    ),
                )
        return data

    def entries(self):
        """{measure: (at_start, every_days, at_discharge)}, all unset for one not asked."""
        data = self.cleaned_data
        entries = {}
        for measure in self.measures:
            pk = measure.pk
            if data.get(f"ask-{pk}"):
                entries[measure] = (
                    bool(data.get(f"start-{pk}")),
                    data.get(f"every-{pk}"),
                    bool(data.get(f"discharge-{pk}")),
                )
            else:
                entries[measure] = (False, None, False)
        return entries
