"""A therapist's own things: their templates (renamed or deleted here; saved from a
program, see views.program_save_template) and their favourite exercises. Nothing here
shows patient data, so nothing here is audited."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clinics.access import therapist_for
from library.models import Exercise, FavouriteExercise, Protocol

from .forms import TemplateNameForm

# Enough for anyone's short list; a bound on what one account can store.
MAX_FAVOURITES = 200


@login_required
def template_list(request):
    """Queries: session, user, the therapist, their templates and their clinic's shared
    ones, with item counts."""
    therapist = therapist_for(request)
    templates = (
        Protocol.objects.filter(clinic_id=therapist.clinic_id)
        .annotate(item_count=Count("items"))
        .order_by("name", "pk")
    )
    mine = [template for template in templates if template.owner_id == therapist.pk]
    shared = [template for template in templates if template.owner_id is None]
    for template in shared:
        template.shared_by_me = template.shared_by_id == therapist.pk
    context = {"mine": mine, "shared": shared}
    return render(request, "programs/template_list.html", context)


def _own_template(request, pk):
    """One of the therapist's private templates, or one they shared with their clinic
    (to undo a share made by mistake), or 404: another therapist's and the clinic's other
    shared ones look missing (the clinic admin looks after those)."""
    therapist = therapist_for(request)
    shared_by_me = Q(shared_by=therapist, clinic_id=therapist.clinic_id, owner__isnull=True)
    template = Protocol.objects.filter(Q(owner=therapist) | shared_by_me, pk=pk).first()
    if template is None:
        raise Http404("No such template of yours.")
    return therapist, template


@login_required
def template_rename(request, pk):
    therapist, template = _own_template(request, pk)
    form = TemplateNameForm(
        request.POST or None,
        therapist=therapist,
        template=template,
        initial={"name": template.name},
    )
    if request.method == "POST" and form.is_valid():
        old_name, template.name = template.name, form.cleaned_data["name"]
        try:
            template.save(update_fields=["name"])
        except IntegrityError:
            form.add_error("name", "A template with this name was just saved. Choose another name.")
        else:
            messages.success(
                request, f"Renamed \u201c{old_name}\u201d to \u201c{template.name}\u201d."
            )
            return redirect("mine:templates")
    return render(request, "programs/template_rename.html", {"form": form, "template": template})


@login_required
def template_delete(request, pk):
    """GET asks to confirm; POST deletes. Programs started from it keep their exercises
    (their link to it is cleared)."""
    _, template = _own_template(request, pk)
    if request.method == "POST":
        name = template.name
        template.delete()
        messages.success(request, f"Deleted the template \u201c{name}\u201d.")
        return redirect("mine:templates")
    in_use = template.programs.count()
    context = {"template": template, "in_use": in_use}
    return render(request, "programs/template_delete.html", context)


class FavouriteForm(forms.Form):
    favourite = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes"
    )


@login_required
@require_POST
def favourite_toggle(request, exercise_pk):
    """htmx: stars or unstars an exercise for the logged-in therapist and answers the new
    star. Says which state it wants (not "toggle"), so a double click stars once.

    Queries: session, user, the therapist, the exercise, then the count and the insert,
    or the delete."""
    therapist = therapist_for(request)
    form = FavouriteForm(request.POST)
    if not form.is_valid():
        raise Http404("Say whether to star it.")
    # Only an exercise this clinic's library shows: another clinic's answers as a missing one.
    library = Exercise.objects.visible_to(therapist.clinic_id).active()
    exercise = library.filter(pk=exercise_pk).first()
    if exercise is None:
        raise Http404("Unknown exercise")
    error = ""
    if form.cleaned_data["favourite"]:
        if therapist.favourites.count() >= MAX_FAVOURITES:
            error = f"You can star at most {MAX_FAVOURITES} exercises. Unstar one first."
        else:
            FavouriteExercise.objects.get_or_create(therapist=therapist, exercise=exercise)
    else:
        # Unstarring a clinic's customised copy also unstars its base exercise, whose
        # star the copy shows (selectors.favourites_first).
        same = [exercise.pk, exercise.based_on_id] if exercise.based_on_id else [exercise.pk]
        FavouriteExercise.objects.filter(therapist=therapist, exercise_id__in=same).delete()
    exercise.is_favourite = therapist.favourites.filter(
        Q(exercise=exercise) | Q(exercise_id=exercise.based_on_id)
    ).exists()
    context = {"exercise": exercise, "error": error}
    return render(request, "programs/includes/_favourite.html", context)
