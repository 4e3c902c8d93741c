"""Who edits which exercise in admin. The base library (clinic blank) is kept by library
editors and the operator. A clinic admin adds and changes their own clinic's exercises,
reads the base ones, customises or hides them for their clinic, and never sees another
clinic's: those answer as a missing exercise would."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Value
from django.forms import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from core.translated import english_column

from . import services
from .access import clinic_id_of, edits_base_library, in_library_of, may_edit, may_see
from .models import Exercise


def new_row_clinic_id(user):
    """Where an exercise this user adds goes: the base library for those who keep it, else
    their own clinic's library."""
    return None if edits_base_library(user) else clinic_id_of(user)


class LibraryFilter(admin.SimpleListFilter):
    title = "library"
    parameter_name = "library"

    def lookups(self, request, model_admin):
        return [("own", "Own"), ("base", "Base"), ("hidden", "Hidden")]

    def queryset(self, request, queryset):
        if self.value() == "own":
            return queryset.filter(clinic__isnull=False)
        if self.value() == "base":
            return queryset.filter(clinic__isnull=True)
        if self.value() == "hidden":
            hidden = Exercise.hidden_in_clinics.through.objects.filter(
                clinic_id=clinic_id_of(request.user)
            )
            return queryset.filter(pk__in=hidden.values("exercise_id"))
        return queryset


class ClinicLibraryFormMixin:
    """Names and slugs are unique within one library (the base, or one clinic's), checked
    here so the admin sees the error next to the field with what they typed kept. The
    database's constraints (exercises/models.py) keep the same rule; Django skips them in a
    form without the `clinic` field."""

    library_clinic_id = None  # set by the admin's get_form for the row being edited

    def clean(self):
        cleaned = super().clean()
        clinic_id = self.instance.clinic_id if self.instance.pk else self.library_clinic_id
        same_library = Exercise.objects.filter(
            Q(clinic_id=clinic_id) if clinic_id else Q(clinic__isnull=True)
        ).exclude(pk=self.instance.pk)
        where = "Your clinic" if clinic_id else "The base library"
        # The admin shows a tab per language: the name is the English one (name_en), which
        # the unique constraint reads through the base column.
        name_field = english_column("name") if english_column("name") in self.fields else "name"
        name, slug = cleaned.get(name_field), cleaned.get("slug")
        if name and same_library.filter(name__iexact=name).exists():
            self.add_error(
                name_field,
                f"{where} already has an exercise named “{name}”. Choose another name, "
                "or change that exercise instead.",
            )
        if slug and same_library.filter(slug=slug).exists():
            self.add_error("slug", f"{where} already has an exercise with the slug “{slug}”.")
        elif slug and clinic_id:
            base = Exercise.objects.filter(clinic__isnull=True, slug=slug).exclude(
                pk=self.instance.based_on_id
            )
            if base.exists():
                self.add_error(
                    "slug",
                    f"The base library already has an exercise with the slug “{slug}”. Choose "
                    "another, or open that exercise and use “Customise for my clinic”.",
                )
        return cleaned


class ClinicLibraryAdminMixin:
    """For ExerciseAdmin: the rows, permissions, filter, columns, actions and views of the
    clinic-owned library."""

    def get_queryset(self, request):
        """The base rows and the user's clinic's (every clinic's for the operator), each
        marked when the user's clinic hid it (a subquery, not a query per row). Every view,
        action and autocomplete reads its rows from here."""
        queryset = (
            super()
            .get_queryset(request)
            .select_related("clinic")
            .filter(in_library_of(request.user))
        )
        clinic_id = clinic_id_of(request.user)
        if clinic_id is None:
            return queryset.annotate(hidden_here=Value(False))
        hidden = Exercise.hidden_in_clinics.through.objects.filter(
            clinic_id=clinic_id, exercise_id=OuterRef("pk")
        )
        return queryset.annotate(hidden_here=Exists(hidden))

    def get_list_filter(self, request):
        return [LibraryFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "library", "based_on"]

    def has_add_permission(self, request):
        user = request.user
        allowed = super().has_add_permission(request)
        return allowed and (edits_base_library(user) or clinic_id_of(user) is not None)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit(request.user, obj))

    def has_hide_permission(self, request):
        """A clinic admin (change permission and a clinic) hides base rows for the clinic."""
        user = request.user
        return super().has_change_permission(request) and clinic_id_of(user) is not None

    def editable_rows(self, request, queryset):
        """Of the selected rows, those this user may change (bulk actions)."""
        user = request.user
        if not edits_base_library(user):
            queryset = queryset.filter(clinic__isnull=False)
        return queryset.filter(in_library_of(user))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.library_clinic_id = obj.clinic_id if obj else new_row_clinic_id(request.user)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.clinic_id = form.library_clinic_id
        super().save_model(request, obj, form, change)

    @admin.display(description="Library", ordering="clinic__name")
    def library(self, obj):
        if obj.pk is None:
            return "Set when saved: your clinic's own (the base library for library editors)."
        if obj.clinic_id is None:
            return "Base, hidden for my clinic" if getattr(obj, "hidden_here", False) else "Base"
        if obj.based_on_id:
            return f"{obj.clinic} (customised)"
        return str(obj.clinic)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Another clinic's exercise answers 404, as a missing one does (Django's own
        answer would be a redirect naming the id as missing)."""
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No exercise matches the given query.")
        extra_context = {
            **(extra_context or {}),
            **self._object_tools(request, obj),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404("No exercise matches the given query.")
        return super().history_view(request, object_id, extra_context)

    def _object_tools(self, request, obj):
        clinic_id = clinic_id_of(request.user)
        if obj.clinic_id is not None or clinic_id is None:
            return {}
        copy = obj.clinic_copies.filter(clinic_id=clinic_id).first()
        return {
            "can_customise": self.has_add_permission(request) and copy is None,
            "clinic_copy": copy,
            "can_hide": self.has_hide_permission(request),
            "hidden_here": obj.hidden_in_clinics.filter(pk=clinic_id).exists(),
        }

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/customise/",
                wrap(self.customise_view),
                name="library_exercise_customise",
            ),
            path(
                "<int:pk>/hide/", wrap(require_POST(self.hide_view)), name="library_exercise_hide"
            ),
            *super().get_urls(),
        ]

    def _base_row_for_clinic(self, request, pk):
        clinic_id = clinic_id_of(request.user)
        if clinic_id is None:
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk, clinic__isnull=True), clinic_id

    def customise_view(self, request, pk):
        """GET asks to confirm; POST copies the base exercise into the admin's clinic and
        opens the copy."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        exercise, clinic_id = self._base_row_for_clinic(request, pk)
        existing = exercise.clinic_copies.filter(clinic_id=clinic_id).first()
        if existing is not None:
            self.message_user(request, "Your clinic already has its own copy; here it is.")
            return redirect("admin:library_exercise_change", existing.pk)
        if request.method == "POST":
            try:
                copy, _ = services.customise_for_clinic(exercise=exercise, clinic_id=clinic_id)
            except services.CannotCustomise as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect("admin:library_exercise_change", exercise.pk)
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(
                request,
                f"“{copy.name}” is now your clinic's own copy: change it here. Your "
                "therapists see it instead of the base exercise.",
                messages.SUCCESS,
            )
            return redirect("admin:library_exercise_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": exercise,
            "exercise": exercise,
            "title": f"Customise “{exercise.name}” for my clinic",
        }
        return TemplateResponse(request, "admin/library/exercise/customise.html", context)

    def hide_view(self, request, pk):
        """POST: hides the base exercise for the admin's clinic, or shows it again."""
        if not self.has_hide_permission(request):
            raise PermissionDenied
        exercise, clinic_id = self._base_row_for_clinic(request, pk)
        rows = Exercise.objects.filter(pk=exercise.pk)
        if request.POST.get("show"):
            services.show_for_clinic(exercises=rows, clinic_id=clinic_id)
            self.message_user(request, f"“{exercise.name}” is shown to your therapists again.")
        else:
            services.hide_for_clinic(exercises=rows, clinic_id=clinic_id)
            self.message_user(request, f"“{exercise.name}” is hidden from your therapists.")
        return redirect("admin:library_exercise_change", exercise.pk)

    @admin.action(description="Hide selected base exercises for my clinic", permissions=["hide"])
    def hide_for_my_clinic(self, request, queryset):
        count = services.hide_for_clinic(exercises=queryset, clinic_id=clinic_id_of(request.user))
        self.message_user(request, f"Hid {count} base exercise(s) for your clinic.")

    @admin.action(description="Show selected exercises again for my clinic", permissions=["hide"])
    def show_for_my_clinic(self, request, queryset):
        count = services.show_for_clinic(exercises=queryset, clinic_id=clinic_id_of(request.user))
        self.message_user(request, f"Showing {count} exercise(s) to your therapists again.")


class OwnRowsFormSet(BaseInlineFormSet):
    """An inline whose posted row ids must be rows of the object being edited. Django
    checks them against every row of the table: another object's row id (another
    clinic's) was quietly dropped while a missing one was an error, which told the two
    apart. Now both are "Select a valid choice"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_name = self.model._meta.pk.name
        if pk_name in form.fields:
            form.fields[pk_name].queryset = self.get_queryset()


class PartInlineMixin:
    """An exercise's steps, tips, benefits and variants: whoever may change the exercise
    may change them; whoever may only read it reads them."""

    formset = OwnRowsFormSet

    def _parent(self):
        return self.admin_site.get_model_admin(Exercise)

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        parent = self._parent()
        return (
            parent.has_add_permission(request)
            if obj is None
            else parent.has_change_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        parent = self._parent()
        return (
            parent.has_add_permission(request)
            if obj is None
            else parent.has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
