from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from audit.log import Action, record
from core.pagination import SearchPaginator
from exercises.models import Exercise

from . import cautions, editor, services
from .access import clinic_id_of, get_patient_for, get_program_for, patients_for, therapist_for
from .forms import (
    FREQUENCY_CHOICES,
    ItemFormSet,
    NewProgramForm,
    PatientForm,
    ProgramForm,
    RowQueryForm,
    item_initial,
    posted_exercise_ids,
)
from .models import SECONDS_BETWEEN_SETS, SECONDS_PER_MOVE, Patient, Program, ProgramItem
from .selectors import editor_exercises

PAGE_SIZE = 25
SEARCH_RESULTS = 8
# The editor's htmx fragments read the patient with the program: the audit row needs it.
WITH_PATIENT = Program.objects.select_related("patient")


@login_required
def patient_list(request):
    """Queries: session, user, the page, the count (only when there is more than a page),
    the page's program counts, the user's clinic and the audit row. Counting programs in
    the search itself would make the database count them for every match, not only for
    the 25 shown."""
    query = request.GET.get("q", "")[:100]
    patients = patients_for(request).search(query).order_by("name", "pk")
    page = SearchPaginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = Program.objects.counts_by_patient([patient.pk for patient in page])
    for patient in page:
        patient.program_count = counts.get(patient.pk, 0)
    shown = ",".join(str(patient.pk) for patient in page)
    kind = "search" if query.strip() else "list"
    record(
        request,
        Action.PATIENTS_LISTED,
        clinic_id=clinic_id_of(request.user),
        # Which patients were shown, never the words searched (they may be a name).
        detail=Truncator(f"{kind}, page {page.number}: patients {shown}").chars(200),
    )
    return render(request, "programs/patient_list.html", {"page": page, "q": query})


@login_required
def patient_create(request):
    therapist = therapist_for(request)
    form = PatientForm(request.POST or None, clinic=therapist.clinic)
    if request.method == "POST" and form.is_valid():
        patient = form.save()
        record(request, Action.PATIENT_CREATED, obj=patient, patient=patient)
        messages.success(request, f"Added {patient.name}.")
        return redirect("programs:patient", patient.pk)
    return render(request, "programs/patient_form.html", {"form": form})


@login_required
def patient_edit(request, pk):
    patient = get_patient_for(request, pk, Patient.objects.select_related("clinic"))
    form = PatientForm(request.POST or None, instance=patient, clinic=patient.clinic)
    if request.method == "POST" and form.is_valid():
        form.save()
        changed = ", ".join(form.changed_data)  # field names only, never the values
        record(request, Action.PATIENT_CHANGED, obj=patient, patient=patient, detail=changed)
        messages.success(request, f"Saved {patient.name}.")
        return redirect("programs:patient", patient.pk)
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="edit form")
    return render(request, "programs/patient_form.html", {"form": form, "patient": patient})


@login_required
def patient_detail(request, pk):
    """Queries: session, user, patient, conditions, the audit row, programs with therapist,
    next revision and item counts, their issued handouts, and who issued them."""
    patient = get_patient_for(
        request, pk, Patient.objects.select_related("clinic").prefetch_related("conditions")
    )
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient)
    programs = list(
        patient.programs.select_related("therapist__user", "next_revision")
        .annotate(item_count=Count("items"))
        .prefetch_related("handouts__issued_by")
        .order_by("-created_at", "-pk")
    )
    handouts = sorted(
        (handout for program in programs for handout in program.handouts.all()),
        key=lambda handout: (handout.issued_at, handout.pk),
        reverse=True,
    )
    return render(
        request,
        "programs/patient_detail.html",
        {"patient": patient, "programs": programs, "handouts": handouts},
    )


@login_required
def program_create(request, patient_pk):
    patient = get_patient_for(request, patient_pk)
    form = NewProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = services.create_program(
            patient=patient,
            therapist=therapist_for(request),
            protocol=form.cleaned_data["protocol"],
        )
        record(request, Action.PROGRAM_CREATED, obj=program, patient=patient)
        return redirect("programs:edit", program.pk)
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="new program")
    return render(request, "programs/program_new.html", {"form": form, "patient": patient})


@login_required
def program_detail(request, pk):
    """Queries: session, user, program with its relations, items (with exercise, variant and
    who gave a caution reason), supports, the audit row, and for the safety summary the
    patient's conditions and the cautions the items meet."""
    item_rows = ProgramItem.objects.select_related(
        "exercise", "variant", "caution_reason_by"
    ).prefetch_related("supports")
    programs = Program.objects.select_related(
        "patient", "therapist__user", "next_revision", "previous"
    ).prefetch_related(Prefetch("items", queryset=item_rows))
    program = get_program_for(request, pk, programs)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient)
    items = list(program.items.all())
    minutes = round(sum(item.estimated_seconds for item in items) / 60)
    safety = cautions.safety_summary(patient=program.patient, items=items)
    return render(
        request,
        "programs/program_detail.html",
        {"program": program, "items": items, "minutes": minutes, "safety": safety},
    )


@login_required
def program_edit(request, pk):
    """The editor. GET queries: session, user, program with patient/therapist/revision,
    the audit row, then editor.saved_rows (items with exercises, cautions, ticked supports,
    variants, support options): a fixed number whatever the program's size. A row that
    meets a caution is saved only with a reason."""
    programs = Program.objects.select_related("patient", "therapist__user", "next_revision")
    program = get_program_for(request, pk, programs)
    if not program.is_current:
        messages.info(request, "This is an earlier revision; it can be read but not changed.")
        return redirect("programs:detail", program.pk)

    if request.method == "POST":
        header = ProgramForm(request.POST, instance=program)
        kept = set(program.items.values_list("exercise_id", flat=True))
        exercises = editor_exercises(posted_exercise_ids(request.POST), kept)
        met = cautions.cautions_by_exercise(
            patient_id=program.patient_id, exercise_ids=exercises.keys()
        )
        formset = ItemFormSet(
            request.POST,
            prefix="items",
            form_kwargs={"exercises": exercises, "cautions": met},
        )
        if header.is_valid() and formset.is_valid():
            fields = {name: header.cleaned_data[name] for name in ProgramForm.Meta.fields}
            items = [form.as_item() for form in formset.ordered_forms]
            try:
                services.save_program(
                    program=program,
                    header=fields,
                    items=items,
                    lock_version=header.cleaned_data["lock_version"],
                    user=request.user,
                )
            except services.StaleProgram:
                stale = True
            else:
                record(request, Action.PROGRAM_CHANGED, obj=program, patient=program.patient)
                messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
                return redirect("programs:edit", program.pk)
        else:
            stale = False
        rows = [editor.Row.from_form(form) for form in formset.forms]
        record(
            request,
            Action.PROGRAM_VIEWED,
            obj=program,
            patient=program.patient,
            detail="editor, not saved",
        )
        context = _editor_context(program, header, formset, rows, stale=stale)
        return render(request, "programs/program_edit.html", context, status=409 if stale else 400)

    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="editor")
    header = ProgramForm(instance=program, initial={"lock_version": program.lock_version})
    rows = editor.saved_rows(program)
    # The formset only for its management form (row count); the rows print themselves.
    formset = ItemFormSet(prefix="items", initial=[{}] * len(rows))
    context = _editor_context(program, header, formset, rows)
    return render(request, "programs/program_edit.html", context)


def _editor_context(program, header, formset, rows, stale=False):
    return {
        "program": program,
        "patient": program.patient,
        "header": header,
        "formset": formset,
        "rows": editor.render_rows(rows, program),
        "stale": stale,
        "minutes": editor.total_minutes(rows),
        "frequency_choices": FREQUENCY_CHOICES,
        "max_items": Program.MAX_ITEMS,
        "seconds_per_move": SECONDS_PER_MOVE,
        "seconds_between_sets": SECONDS_BETWEEN_SETS,
    }


@login_required
def exercise_search(request, pk):
    """htmx: exercises to add to the program, matching the typed words."""
    program = get_program_for(request, pk, WITH_PATIENT)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="search")
    query = request.GET.get("q", "")[:100]
    results = Exercise.objects.active().search(query)[:SEARCH_RESULTS] if query.strip() else []
    return render(
        request,
        "programs/includes/_search_results.html",
        {"program": program, "results": results, "q": query},
    )


@login_required
def item_row(request, pk):
    """htmx: a new editor row for one exercise, prefilled with its default dose. Also the
    replacement for a cautioned row (same `index`, so the row keeps its place).

    Queries: session, user, program with patient, the audit row, the exercise with its
    variants and supports (3), the cautions it meets for this patient, and only when it
    meets one, safer alternatives."""
    program = get_program_for(request, pk, WITH_PATIENT)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="row")
    query = _row_query(request)
    index, exercise_id = query["index"], query["exercise"]
    if index >= Program.MAX_ITEMS:
        return render(
            request,
            "programs/includes/_row_error.html",
            {"message": f"A program holds at most {Program.MAX_ITEMS} exercises."},
        )
    exercise = editor_exercises([exercise_id]).get(exercise_id)
    if exercise is None:
        raise Http404("Unknown exercise")
    values = item_initial(ProgramItem.from_defaults(exercise, order=index + 1))
    met = cautions.cautions_by_exercise(patient_id=program.patient_id, exercise_ids=[exercise_id])
    row = editor.Row.for_exercise(
        exercise, index=index, values=values, cautions=met.get(exercise_id, [])
    )
    if row.cautions:
        row.alternatives = cautions.safer_alternatives(
            patient_id=program.patient_id, exercise=exercise, exclude_ids=query["in_program"]
        )
    return HttpResponse(editor.render_row(row, program))


@login_required
def item_alternatives(request, pk):
    """htmx: up to three safer exercises to replace the cautioned row `index`.

    Queries: session, user, program with patient, the audit row, the exercise, the
    alternatives."""
    program = get_program_for(request, pk, WITH_PATIENT)
    record(
        request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="alternatives"
    )
    query = _row_query(request)
    if query["index"] >= Program.MAX_ITEMS:
        raise Http404("No such row")
    exercise = Exercise.objects.filter(pk=query["exercise"]).first()
    if exercise is None:
        raise Http404("Unknown exercise")
    alternatives = cautions.safer_alternatives(
        patient_id=program.patient_id, exercise=exercise, exclude_ids=query["in_program"]
    )
    return HttpResponse(
        editor.render_alternatives(alternatives, program=program, index=query["index"])
    )


def _row_query(request):
    """The checked query of a row request, or 404 for anything else."""
    form = RowQueryForm(request.GET)
    if not form.is_valid():
        raise Http404("Unknown exercise")
    return form.cleaned_data


@login_required
@require_POST
def program_revise(request, pk):
    program = get_program_for(
        request, pk, Program.objects.select_related("next_revision", "patient")
    )
    if program.is_current:
        revision, created = services.revise_program(
            program=program, therapist=therapist_for(request)
        )
    else:
        revision, created = program.next_revision, False
    if not created:
        messages.info(request, "This program was already revised; here is the newest revision.")
        return redirect("programs:edit", _newest(revision).pk)
    detail = f"revision {revision.revision} of program {program.pk}"
    record(request, Action.PROGRAM_CREATED, obj=revision, patient=program.patient, detail=detail)
    messages.success(request, f"Started revision {revision.revision} for the next visit.")
    return redirect("programs:edit", revision.pk)


def _newest(program):
    while not program.is_current:
        program = program.next_revision
    return program
