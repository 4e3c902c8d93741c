from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from core.pagination import SearchPaginator

from .forms import LibraryFilterForm
from .models import ConditionCaution, Exercise

PAGE_SIZE = 24


@login_required
def exercise_list(request):
    """The library: search and filters, paginated. Queries: region choices for the filter,
    the page, the count (only when there is more than a page), and the page's regions,
    whatever the library's size."""
    form = LibraryFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    exercises = form.filter(Exercise.objects.active()).prefetch_related("regions")
    page = SearchPaginator(exercises, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_string": _without_page(request.GET)}
    if request.htmx:
        return render(request, "exercises/includes/_results.html", context)
    return render(request, "exercises/list.html", context)


@login_required
def exercise_detail(request, slug):
    exercise = get_object_or_404(Exercise.objects.with_parts(), slug=slug)
    condition_cautions = ConditionCaution.objects.filter(
        movement_tag__exercises=exercise
    ).select_related("condition", "movement_tag")
    return render(
        request,
        "exercises/detail.html",
        {"exercise": exercise, "condition_cautions": condition_cautions},
    )


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()
