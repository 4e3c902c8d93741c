from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.db.models.fields.json import KT
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from audit.log import Action, client_ip, record
from clinics.access import clinic_id_of, get_patient_for, patients_for, therapist_for
from clinics.models import Patient
from core.pagination import OnePassPaginator, SearchPaginator
from library.models import Exercise

from . import cautions, editor, services
from .access import get_program_for
from .forms import (
    FREQUENCY_CHOICES,
    ExerciseSearchForm,
    ItemFormSet,
    NewProgramForm,
    PatientForm,
    ProgramForm,
    RowQueryForm,
    SaveTemplateForm,
    item_initial,
    posted_exercise_ids,
)
from .home import editor_record, patient_page_outcomes, patient_page_record
from .models import SECONDS_BETWEEN_SETS, SECONDS_PER_MOVE, Program, ProgramItem
from .patient_rows import patient_rows
from .selectors import editor_exercises, favourites_first, patients_at_a_glance, revision_changes

PAGE_SIZE = 25
# A search offers at most this many pages (500 patients); beyond them it says there are
# more and asks for more of the name, rather than reading every match's id.
SEARCH_PAGES = 20
SEARCH_RESULTS = 8
# The editor's htmx fragments read the patient with the program: the audit row needs it.
WITH_PATIENT = Program.objects.select_related("patient")


# The patient list's orders: by family name (the name's last word, or the text before a
# comma; see models.FamilyNameKey), or by the name as written, which starts with the
# first name. Each is read from an index in that order.
PATIENT_SORTS = {"family": "Family name", "first": "First name"}


@login_required
def patient_list(request):
    """Queries: session, user, the page, the count (only when there is more than a page),
    the page's conditions, the page's programs (last saves and prints, the current ones
    with item counts), the user's clinic (only when the page is empty) and the audit row.
    A search reads the conditions its words name, then the ids of the matches in order, at
    most SEARCH_PAGES pages and one more (their number is the count, or "more than" it),
    and the page's rows by id (core.pagination.OnePassPaginator).
    Nothing is counted or looked up for every match, only for the 25 shown."""
    query = request.GET.get("q", "")[:100]
    sort = request.GET.get("sort", "")
    sort = sort if sort in PATIENT_SORTS else "family"
    patients = patients_for(request).search(query)
    patients = patients.by_family_name() if sort == "family" else patients.order_by("name", "pk")
    if query.strip():
        rows = Patient.objects.prefetch_related("conditions")
        paginator = OnePassPaginator(patients, PAGE_SIZE, rows=rows, pages=SEARCH_PAGES)
    else:
        paginator = SearchPaginator(patients.prefetch_related("conditions"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    glance = patients_at_a_glance([patient.pk for patient in page])
    for patient in page:
        patient.glance = glance[patient.pk]
    shown = ",".join(str(patient.pk) for patient in page)
    kind = "search" if query.strip() else "list"
    # Every patient shown is of the user's clinic (patients_for), so a page with rows
    # names it without a query; an empty page asks.
    clinic_id = page[0].clinic_id if page else clinic_id_of(request.user)
    record(
        request,
        Action.PATIENTS_LISTED,
        clinic_id=clinic_id,
        # Which patients were shown, never the words searched (they may be a name).
        detail=Truncator(f"{kind}, page {page.number}: patients {shown}").chars(200),
    )
    context = {
        "page": page,
        "rows": patient_rows(page.object_list),
        "q": query,
        "sort": sort,
        "sorts": PATIENT_SORTS,
        "has_clinic": clinic_id is not None,
    }
    return render(request, "programs/patient_list.html", context)


@login_required
def patient_create(request):
    therapist = therapist_for(request)
    form = PatientForm(request.POST or None, clinic=therapist.clinic)
    if request.method == "POST" and form.is_valid():
        duplicates = _unconfirmed_duplicates(request, form)
        if not duplicates:
            patient = services.save_patient(form=form, user=request.user, ip=client_ip(request))
            messages.success(request, f"Added {patient.name}.")
            return redirect("programs:patient", patient.pk)
        context = {"form": form, "duplicates": duplicates}
        return render(request, "programs/patient_form.html", context)
    return render(request, "programs/patient_form.html", {"form": form})


@login_required
def patient_edit(request, pk):
    patient = get_patient_for(request, pk, Patient.objects.select_related("clinic"))
    form = PatientForm(request.POST or None, instance=patient, clinic=patient.clinic)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _unconfirmed_duplicates(request, form, editing=patient)
        if not duplicates:
            services.save_patient(form=form, user=request.user, ip=client_ip(request))
            messages.success(request, f"Saved {patient.name}.")
            return redirect("programs:patient", patient.pk)
    else:
        record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="edit form")
    context = {"form": form, "patient": patient, "duplicates": duplicates}
    return render(request, "programs/patient_form.html", context)


# The name of the button that adds or saves a patient despite a possible duplicate.
SAME_NAME_CONFIRMED = "not_a_duplicate"


def _unconfirmed_duplicates(request, form, editing=None):
    """Patients of the clinic who may be the one in `form` (same name and birth date),
    unless the therapist already said this is someone else. Showing them shows patient
    data, so it is audited: one row naming them (and the patient being edited, if any)."""
    if request.POST.get(SAME_NAME_CONFIRMED) == "yes":
        return []
    duplicates = form.possible_duplicates()
    if duplicates:
        shown = ",".join(str(patient.pk) for patient in duplicates)
        if editing is not None:
            record(
                request,
                Action.PATIENT_VIEWED,
                obj=editing,
                patient=editing,
                detail=f"edit form, same name and birth date as patients {shown}",
            )
        else:
            record(
                request,
                Action.PATIENTS_LISTED,
                clinic_id=form.clinic.pk,
                detail=f"same name and birth date as a new patient: patients {shown}",
            )
    return duplicates


@login_required
def patient_detail(request, pk):
    """Queries: session, user, patient, conditions, the audit row, programs with therapist,
    next revision and item counts, their issued handouts with who issued them and their phone
    links; for the newest current program its items and its phone record (3, 4 after a
    revision: phone/adherence.py course_summary); the outcome answers (1) and, with any,
    their measures (1); the current program's discharge (1)."""
    patient = get_patient_for(
        request, pk, Patient.objects.select_related("clinic").prefetch_related("conditions")
    )
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient)
    programs = list(
        patient.programs.select_related("therapist__user", "next_revision")
        .annotate(item_count=Count("items"))
        .prefetch_related(Prefetch("handouts", _handout_rows()))
        .order_by("-created_at", "-pk")
    )
    handouts = sorted(
        (handout for program in programs for handout in program.handouts.all()),
        key=lambda handout: (handout.issued_at, handout.pk),
        reverse=True,
    )
    current = next((program for program in programs if program.is_patients_current), None)
    drafts = [program for program in programs if program.is_draft]
    programs = [program for program in programs if not program.is_draft]
    adherence, adherence_rows = None, []
    if current is not None:
        adherence = patient_page_record(current, zone=patient.clinic.zone, programs=programs)
        if adherence is not None and adherence.linked:
            items = current.items.select_related("exercise").order_by("order", "pk")
            adherence_rows = [
                (item.exercise.name, adherence.for_exercise(item.exercise_id)) for item in items
            ]
    context = {
        "patient": patient,
        "programs": programs,
        "handouts": handouts,
        "current": current,
        "drafts": drafts,
        "adherence": adherence,
        "adherence_rows": adherence_rows,
        "outcomes": patient_page_outcomes(patient, program=current),
    }
    return render(request, "programs/patient_detail.html", context)


def _handout_rows():
    """A program's issued handouts as the patient page lists them: who issued each, its
    phone link, and the snapshot's title alone. The whole snapshot (every word printed)
    is a large JSON document, and decoding one per handout was most of the page's time
    for a patient with many handouts. Handouts live a layer above: reached by relation."""
    issued = Program._meta.get_field("handouts").related_model
    return (
        issued.objects.defer("snapshot")
        .annotate(title=KT("snapshot__title"))
        .select_related("issued_by", "patient_link")
    )


@login_required
def program_create(request, patient_pk):
    """Queries: session, user, patient, the therapist, the starting points offered (and on
    a POST, the protocol's items: see services.create_program), the audit row."""
    patient = get_patient_for(request, patient_pk)
    therapist = therapist_for(request)
    form = NewProgramForm(request.POST or None, therapist=therapist)
    if request.method == "POST" and form.is_valid():
        program = services.create_program(
            patient=patient,
            therapist=therapist,
            protocol=form.cleaned_data["protocol"],
            user=request.user,
            ip=client_ip(request),
            draft=True,
        )
        if program.left_out:
            names = "; ".join(f"{name} ({why})" for name, why in program.left_out)
            messages.warning(
                request,
                f"Started from “{form.cleaned_data['protocol'].name}” without "
                f"{len(program.left_out)} of its exercises: {names}.",
            )
        return redirect("programs:edit", program.pk)
    record(request, Action.PATIENT_VIEWED, obj=patient, patient=patient, detail="new program")
    return render(request, "programs/program_new.html", {"form": form, "patient": patient})


@login_required
def program_discard(request, pk):
    """Discard a draft: GET asks to confirm, POST deletes it (services.discard_draft, which
    writes the audit row). A program that is no longer a draft is only shown."""
    program = get_program_for(request, pk, Program.objects.select_related("patient"))
    if not program.is_draft:
        detail = "discard refused: not a draft"
        record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail=detail)
        messages.info(request, "This program was saved with exercises; it is not a draft.")
        return redirect("programs:detail", program.pk)
    if request.method == "POST":
        patient = program.patient
        try:
            services.discard_draft(program=program, user=request.user, ip=client_ip(request))
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("programs:detail", pk)
        messages.success(request, f"Discarded the draft “{program.title}”.")
        return redirect("programs:patient", patient.pk)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="discard")
    return render(request, "programs/program_discard.html", {"program": program})


@login_required
def program_save_template(request, pk):
    """Save as template: the program's words and exercises become a template for the
    therapist alone or their clinic (services.save_as_template says what it keeps). The
    page names the patient, so each request is audited."""
    program = get_program_for(request, pk, Program.objects.select_related("patient"))
    therapist = therapist_for(request)
    form = SaveTemplateForm(
        request.POST or None, therapist=therapist, initial={"name": program.title}
    )
    if request.method == "POST" and form.is_valid():
        shared = form.shared()
        try:
            template, left_out = services.save_as_template(
                program=program,
                therapist=therapist,
                name=form.cleaned_data["name"],
                shared=shared,
                user=request.user,
                ip=client_ip(request),
            )
        except services.TemplateNameTaken:
            # The same name saved a moment ago by another request: the form's own check
            # ran before it existed.
            form.add_error("name", "A template with this name was just saved. Choose another name.")
        else:
            who = "your clinic" if shared else "you"
            message = f"Saved the template “{template.name}” for {who}."
            if left_out:
                message += f" Each exercise is kept once; not kept: {', '.join(left_out)}."
            messages.success(request, message)
            return redirect("programs:detail", program.pk)
    record(
        request,
        Action.PROGRAM_VIEWED,
        obj=program,
        patient=program.patient,
        detail="save as template",
    )
    return render(
        request, "programs/program_save_template.html", {"form": form, "program": program}
    )


@login_required
def program_detail(request, pk):
    """Queries: session, user, program with its relations, items (with exercise, variant and
    who gave a caution reason), supports, the audit row, for the safety summary the
    patient's conditions and the cautions the items meet, and for a revision the previous
    revision's items (what changed since the last visit)."""
    item_rows = ProgramItem.objects.select_related(
        "exercise", "variant", "caution_reason_by"
    ).prefetch_related("supports")
    programs = Program.objects.select_related(
        "patient", "therapist__user", "next_revision", "previous"
    ).prefetch_related(Prefetch("items", queryset=item_rows))
    program = get_program_for(request, pk, programs)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient)
    items = list(program.items.all())
    week = program.week()
    minutes = round(sum(item.estimated_seconds(week) for item in items) / 60)
    safety = cautions.safety_summary(patient=program.patient, items=items)
    context = {
        "program": program,
        "items": items,
        "minutes": minutes,
        "safety": safety,
        "changes": revision_changes(program, items),
    }
    return render(request, "programs/program_detail.html", context)


@login_required
def program_edit(request, pk):
    """The editor. GET queries: session, user, program with patient/therapist/revisions,
    the audit row, then editor.saved_rows (items with exercises, cautions, ticked supports,
    variants, support options), and the body regions the search's filter offers: a fixed
    number whatever the program's size. A row that meets a caution is saved only with a
    reason. "Save and print" saves, then opens the handout preview."""
    programs = Program.objects.select_related(
        "patient__clinic", "therapist__user", "previous"
    ).with_is_revised()
    program = get_program_for(request, pk, programs)
    if not program.is_current:
        messages.info(request, "This is an earlier revision; it can be read but not changed.")
        return redirect("programs:detail", program.pk)

    if request.method == "POST":
        header = ProgramForm(request.POST, instance=program)
        kept = set(program.items.values_list("exercise_id", flat=True))
        exercises = editor_exercises(
            posted_exercise_ids(request.POST), kept, clinic_id=program.patient.clinic_id
        )
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
                    lock_version=_kept_over(request) or header.cleaned_data["lock_version"],
                    user=request.user,
                    ip=client_ip(request),
                )
            except services.StaleProgram:
                stale = True
            else:
                messages.success(request, f"Saved at {timezone.localtime():%H:%M}.")
                return redirect(_next_page(request) or reverse("programs:edit", args=[program.pk]))
        else:
            stale = False
        week = program.week()
        rows = editor.fold_long_program(
            [editor.Row.from_form(form, week=week) for form in formset.forms]
        )
        record(
            request,
            Action.PROGRAM_VIEWED,
            obj=program,
            patient=program.patient,
            detail="editor, not saved",
        )
        context = _editor_context(program, header, formset, rows, stale=stale)
        if stale:
            # What "Keep mine" will replace: the version saved since, and when.
            context["theirs"] = Program.objects.filter(pk=program.pk).values(
                "lock_version", "updated_at"
            )[0]
        return render(request, "programs/program_edit.html", context, status=409 if stale else 400)

    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="editor")
    header = ProgramForm(instance=program, initial={"lock_version": program.lock_version})
    rows = editor.fold_long_program(editor.saved_rows(program))
    # The formset only for its management form (row count); the rows print themselves.
    formset = ItemFormSet(prefix="items", initial=[{}] * len(rows))
    context = _editor_context(program, header, formset, rows)
    return render(request, "programs/program_edit.html", context)


def _kept_over(request):
    """The version a "Keep mine" click replaces: the one saved in the other tab, which the
    conflict page showed (never whatever is newest: a save made after the page was shown
    is a new conflict, not overwritten unseen). None without the button."""
    value = request.POST.get("keep_mine", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _next_page(request):
    """Where "Save and print" goes after saving: a page of this site the editor named
    (the handout preview), or None."""
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and safe else None


def _editor_context(program, header, formset, rows, stale=False):
    home = editor_record(program, zone=program.patient.clinic.zone)
    return {
        "program": program,
        "patient": program.patient,
        "header": header,
        "formset": formset,
        "rows": editor.render_rows(rows, program, home),
        "home": home[0],
        "home_revision": home[1],
        "row_count": len(rows),
        "search": ExerciseSearchForm(auto_id="search-%s"),
        "stale": stale,
        "minutes": editor.total_minutes(rows),
        "frequency_choices": FREQUENCY_CHOICES,
        "max_items": Program.MAX_ITEMS,
        "seconds_per_move": SECONDS_PER_MOVE,
        "seconds_between_sets": SECONDS_BETWEEN_SETS,
        # The estimate counts a growing dose at this week's number (Program.week).
        "week": program.week(),
    }


@login_required
def exercise_search(request, pk):
    """htmx: exercises to add to the program, matching the typed words and the filters
    (position, kind, body region, as on the library page), the therapist's favourites
    first, each marked when it meets a caution for this patient or is in the program
    already (the page sends the exercises of its rows, saved or not).

    Queries: session, user, program with patient, the audit row, the body region (only
    when one is chosen), the results, the cautions they meet for this patient."""
    program = get_program_for(request, pk, WITH_PATIENT)
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="search")
    form = ExerciseSearchForm(request.GET)
    form.is_valid()
    results, more = [], False
    if form.has_criteria():
        library = Exercise.objects.visible_to(program.patient.clinic_id).active()
        found = favourites_first(form.filter(library), user=request.user)
        results = list(found[: SEARCH_RESULTS + 1])
        results, more = results[:SEARCH_RESULTS], len(results) > SEARCH_RESULTS
    met = cautions.cautions_by_exercise(
        patient_id=program.patient_id, exercise_ids=[exercise.pk for exercise in results]
    )
    in_program = set(form.cleaned_data.get("in_program") or [])
    for exercise in results:
        exercise.caution_tags = cautions.tag_names(met.get(exercise.pk, []))
        # A row may hold the base exercise this clinic has since customised: its copy
        # is the same exercise to the therapist.
        exercise.same_as = [exercise.pk, *([exercise.based_on_id] if exercise.based_on_id else [])]
        exercise.in_program = not in_program.isdisjoint(exercise.same_as)
    context = {
        "program": program,
        "results": results,
        "more": more,
        "q": form.cleaned_data.get("q", ""),
        "filtered": form.has_criteria(),
    }
    return render(request, "programs/includes/_search_results.html", context)


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
    exercise = editor_exercises([exercise_id], clinic_id=program.patient.clinic_id).get(exercise_id)
    if exercise is None:
        raise Http404("Unknown exercise")
    values = item_initial(ProgramItem.from_defaults(exercise, order=index + 1))
    met = cautions.cautions_by_exercise(patient_id=program.patient_id, exercise_ids=[exercise_id])
    row = editor.Row.for_exercise(
        exercise, index=index, values=values, cautions=met.get(exercise_id, [])
    )
    if row.cautions:
        row.alternatives = cautions.safer_alternatives(
            patient_id=program.patient_id,
            clinic_id=program.patient.clinic_id,
            exercise=exercise,
            exclude_ids=query["in_program"],
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
    # The row's exercise may be one the program kept after the clinic hid or replaced it,
    # but never another clinic's.
    exercise = (
        Exercise.objects.filter(pk=query["exercise"])
        .filter(Q(clinic__isnull=True) | Q(clinic_id=program.patient.clinic_id))
        .first()
    )
    if exercise is None:
        raise Http404("Unknown exercise")
    alternatives = cautions.safer_alternatives(
        patient_id=program.patient_id,
        clinic_id=program.patient.clinic_id,
        exercise=exercise,
        exclude_ids=query["in_program"],
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
            program=program,
            therapist=therapist_for(request),
            user=request.user,
            ip=client_ip(request),
        )
    else:
        revision, created = program.next_revision, False
    if not created:
        messages.info(request, "This program was already revised; here is the newest revision.")
        return redirect("programs:edit", _newest(revision).pk)
    messages.success(request, f"Started revision {revision.revision} for the next visit.")
    return redirect("programs:edit", revision.pk)


def _newest(program):
    while not program.is_current:
        program = program.next_revision
    return program
