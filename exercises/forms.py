from django import forms

from .models import BodyRegion, Kind, Position


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", max_length=100, required=False)
    position = forms.ChoiceField(
        label="Starting position", choices=[("", "Any position"), *Position.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Kind.choices], required=False
    )
    region = forms.ModelChoiceField(
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
