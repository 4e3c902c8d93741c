"""Protocols in Django admin: base ones for library editors, a clinic's own for its admin."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from modeltranslation.admin import TabbedTranslationAdmin

from clinics.admin import settle_clinic
from clinics.models import Clinic

from .access import clinic_id_of, in_library_of, may_hold
from .admin_ownership import OwnRowsFormSet
from .models import Exercise, Protocol, ProtocolItem


def may_write_protocol(request, protocol):
    """A clinic's member changes their own clinic's protocols only; base protocols (no
    clinic) are the site's: its operator's and library editors' (accounts of no clinic)."""
    if protocol is None or request.user.is_superuser:
        return True
    clinic_id = clinic_id_of(request.user)
    return protocol.clinic_id == clinic_id if clinic_id else protocol.clinic_id is None


class ProtocolItemForm(forms.ModelForm):
    def __init__(self, *args, protocol, **kwargs):
        super().__init__(*args, **kwargs)
        self.protocol = protocol

    def clean(self):
        """The protocol's clinic and the exercise's agree: a base protocol holds base
        exercises only, a clinic's protocol base ones and that clinic's own. The field's
        choices already keep a clinic admin and a library editor to those; this catches the
        operator, who may choose any exercise and any clinic in the same post."""
        cleaned = super().clean()
        exercise = cleaned.get("exercise")
        clinic_id = self.protocol.clinic_id
        if exercise is not None and not may_hold(clinic_id, exercise):
            where = "this protocol's clinic" if clinic_id else "a base protocol"
            self.add_error(
                "exercise",
                f"“{exercise.name}” is another clinic's own exercise: {where} cannot hold it.",
            )
        return cleaned


class ProtocolItemFormSet(OwnRowsFormSet):
    def get_form_kwargs(self, index):
        """Each row gets the protocol being saved: on a new one the rows' own link is still
        empty, and its clinic is the one its form has just read from the post (admin
        validates the protocol's form before its rows)."""
        return {**super().get_form_kwargs(index), "protocol": self.instance}


class ProtocolItemInline(admin.TabularInline):
    model = ProtocolItem
    form = ProtocolItemForm
    formset = ProtocolItemFormSet
    extra = 0
    autocomplete_fields = ["exercise"]
    fields = [
        "exercise",
        "order",
        "own_dose",
        "reps",
        "sets",
        "hold_min_seconds",
        "hold_max_seconds",
        "side",
        "stay_minutes",
        "note",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "exercise":
            # What the autocomplete offers (ExerciseAdmin.get_queryset) is also all a post
            # may name: another clinic's id is "Select a valid choice", as a missing one.
            kwargs["queryset"] = Exercise.objects.filter(in_library_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return may_write_protocol(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return may_write_protocol(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_write_protocol(request, obj) and super().has_delete_permission(request, obj)


class ProtocolAdminForm(forms.ModelForm):
    # (clinic id or None,) for an account that adds to one library only; set by
    # ProtocolAdmin.get_form. Empty for the operator, who chooses.
    own_library = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.own_library:
            settle_clinic(self, *self.own_library, none_label="Base library (every clinic)")

    def _get_validation_exclusions(self):
        # Names are unique per clinic and per owner: the rules read both even when the
        # form leaves the owner out, or a duplicate name would fail only in the database;
        # and the name, which the form edits per language (name_en...), not by itself.
        return super()._get_validation_exclusions() - {"clinic", "owner", "name"}

    def clean(self):
        """A private template belongs to its owner's clinic (only the operator sees the
        owner field): one filed under another clinic would hand that clinic's protocol to
        the owner, or the owner's to that clinic."""
        cleaned = super().clean()
        owner, clinic = cleaned.get("owner"), cleaned.get("clinic")
        if owner is not None and owner.clinic_id != getattr(clinic, "pk", None):
            self.add_error("owner", f"{owner} works at {owner.clinic}: choose that clinic.")
        return cleaned


@admin.register(Protocol)
# A tab per language for the printed words.
class ProtocolAdmin(TabbedTranslationAdmin):
    """Base protocols (no clinic) are kept by the site's library editors; a clinic admin
    reads them and adds and edits their own clinic's protocols. Therapists' private
    templates are theirs (the operator alone sees them here)."""

    form = ProtocolAdminForm
    list_display = ["name", "clinic", "owner", "default_frequency"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["clinic", "owner__user"]
    search_fields = ["name", "intro"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProtocolItemInline]

    def get_queryset(self, request):
        protocols = super().get_queryset(request)
        if request.user.is_superuser:
            return protocols
        clinic_id = clinic_id_of(request.user)
        if clinic_id is None:
            return protocols.base()
        return protocols.filter(Q(clinic__isnull=True) | Q(clinic_id=clinic_id, owner=None))

    def get_exclude(self, request, obj=None):
        return [] if request.user.is_superuser else ["owner"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class made for this request
        if not request.user.is_superuser:
            form.own_library = (clinic_id_of(request.user),)
        return form

    def get_changeform_initial_data(self, request):
        """A clinic admin's own clinic, their only choice, comes preselected."""
        initial = super().get_changeform_initial_data(request)
        clinic_id = None if request.user.is_superuser else clinic_id_of(request.user)
        if clinic_id is not None:
            initial.setdefault("clinic", clinic_id)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            clinic_id = clinic_id_of(request.user)
            kwargs["queryset"] = Clinic.objects.filter(pk=clinic_id)
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # A clinic admin adds to their clinic; a library editor to the base library.
            field.required = clinic_id is not None
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return may_write_protocol(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_write_protocol(request, obj) and super().has_delete_permission(request, obj)
