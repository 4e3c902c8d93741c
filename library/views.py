from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import render

from core.pagination import OnePassPaginator, SearchPaginator

from .access import clinic_id_of, may_edit
from .cards import exercise_cards
from .forms import LibraryPageFilterForm
from .models import ConditionCaution, Exercise

PAGE_SIZE = 24
# A search offers at most this many pages (480 exercises); beyond them it says there are
# more and asks for another word or a filter, rather than reading every match's id.
SEARCH_PAGES = 20


@login_required
def exercise_list(request):
    """The library: search and filters, paginated, of the exercises the user's clinic sees.
    Queries: the user's clinic, the filter's choices (regions with their counts, protocols,
    conditions), the page and the count (a search: the matches' ids, at most SEARCH_PAGES
    pages of them, then the page's rows; otherwise the page, and the count only when there
    is more than a page), and the page's regions, whatever the library's size. On
    PostgreSQL a search whose name matches do not fill its pages reads the other matches'
    ids in a second statement (Exercise.objects.first_ids)."""
    clinic_id = clinic_id_of(request.user)
    form = LibraryPageFilterForm(request.GET or None, clinic_id=clinic_id)
    if form.is_bound:
        form.is_valid()
    library = Exercise.objects.visible_to(clinic_id)
    exercises = form.filter(library.active())
    if form.is_bound and form.cleaned_data.get("q", "").strip():
        # A search reads the ids of its first SEARCH_PAGES pages of matches in order once
        # (their number is the count, or "more than" that) and then the page's rows by id:
        # the database sorts narrow rows, not whole exercises, and does not scan the
        # matches twice (core.pagination.OnePassPaginator).
        rows = Exercise.objects.prefetch_related("regions")
        paginator = OnePassPaginator(exercises, PAGE_SIZE, rows=rows, pages=SEARCH_PAGES)
    else:
        paginator = SearchPaginator(exercises.prefetch_related("regions"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cards": exercise_cards(page.object_list),
        "query_string": _without_page(request.GET),
    }
    if request.htmx:
        return render(request, "library/includes/_results.html", context)
    return render(request, "library/list.html", context)


@login_required
def exercise_detail(request, slug):
    """One exercise the user's clinic sees; another clinic's answers as a missing one. A
    clinic's own row comes before a base row of the same slug (its customised copy)."""
    library = Exercise.objects.visible_to(clinic_id_of(request.user)).with_parts()
    exercise = library.filter(slug=slug).order_by(F("clinic").asc(nulls_last=True)).first()
    if exercise is None:
        raise Http404("No exercise matches the given query.")
    condition_cautions = ConditionCaution.objects.filter(
        movement_tag__exercises=exercise
    ).select_related("condition", "movement_tag")
    # A clinic admin changes their clinic's rows; on a base row admin offers to customise
    # or hide it instead. Both links open admin, for staff alone: a therapist's page does
    # not read the permission tables (two queries) to learn it has none.
    user = request.user
    can_edit = (
        user.is_staff and user.has_perm("library.change_exercise") and may_edit(user, exercise)
    )
    return render(
        request,
        "library/detail.html",
        {"exercise": exercise, "condition_cautions": condition_cautions, "can_edit": can_edit},
    )


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()
