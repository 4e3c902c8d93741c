from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from audit.log import Action, client_ip, record
from programs.access import get_program_for
from programs.models import Program

from . import services
from .access import get_handout_for
from .forms import HandoutOptionsForm
from .models import MissingPDF, Mode
from .numbers import number_clashes


@login_required
def preview(request, pk):
    """Options, the handout as a web page in a frame (see `sheet`), and 'Print handout'.
    Queries: session, user, program with patient, the audit row, exercises printed with no
    version ticked, the items with their exercises (numbers said twice); for a patient who
    reads another language than English, the handout's own queries too (which parts lack
    that language)."""
    program = get_program_for(request, pk, Program.objects.select_related("patient"))
    form = HandoutOptionsForm(request.GET or None)
    return _preview_page(request, program, form)


def _preview_page(request, program, form, status=200):
    """The preview page names the patient, so it is audited (the framed sheet again)."""
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="preview")
    mode, large_print = form.options()
    unchosen = []
    if mode != Mode.BLANK:
        items = program.items.without_a_chosen_variant().select_related("exercise")
        unchosen = [item.exercise.name for item in items.order_by("order")]
    items = program.items.select_related("exercise").order_by("order")
    clashes = number_clashes(program, list(items)) if mode != Mode.BLANK else []
    untranslated = []
    if program.patient.language != settings.LANGUAGE_CODE:
        loaded = services.handout_programs(mode).get(pk=program.pk)
        snapshot = services.build_snapshot(loaded, mode=mode, large_print=large_print)
        untranslated = services.untranslated(snapshot)
    context = {
        "program": program,
        "untranslated": untranslated,
        "language": program.patient.get_language_display(),
        "form": form,
        "mode": mode,
        "large_print": large_print,
        "unchosen": unchosen,
        "clashes": clashes,
    }
    return render(request, "handouts/preview.html", context, status=status)


@login_required
@xframe_options_sameorigin
@csp_replace(settings.SHEET_CSP)
def sheet(request, pk):
    """The handout's HTML exactly as it will print, framed by the preview page. Each
    rendering is audited as a preview (the preview page shows nothing of the handout
    itself). The print page's inline <style> needs its own Content Security Policy."""
    mode, large_print = HandoutOptionsForm(request.GET or None).options()
    program = get_program_for(request, pk, services.handout_programs(mode))
    snapshot = services.build_snapshot(program, mode=mode, large_print=large_print)
    detail = mode + (", large print" if large_print else "")
    record(request, Action.HANDOUT_PREVIEWED, obj=program, patient=program.patient, detail=detail)
    return HttpResponse(services.render_html(snapshot))


# The preview's "Print handout" button sends this, asking to see the PDF at once.
OPEN_PDF = "open_pdf"


@login_required
@require_POST
def issue(request, pk):
    """Renders, stores and records the handout (about a second of WeasyPrint). From the
    preview's "Print handout" button the browser then opens the stored PDF to print (its
    download is audited as any download); a plain post goes to the patient's page, which
    lists every handout issued."""
    form = HandoutOptionsForm(request.POST)
    if not form.is_valid():
        program = get_program_for(request, pk, Program.objects.select_related("patient"))
        return _preview_page(request, program, form, status=400)
    mode, large_print = form.options()
    program = get_program_for(request, pk, services.handout_programs(mode))
    handout = services.issue_handout(
        program=program,
        user=request.user,
        mode=mode,
        large_print=large_print,
        ip=client_ip(request),
    )
    kind = services.issued_kind(handout)
    if request.POST.get(OPEN_PDF):
        # The PDF opens in its own tab and shows no messages: one queued here would
        # appear later on whatever page the app shows next. The preview says it instead.
        return redirect("handouts:pdf", handout.pk)
    messages.success(request, f"Handout issued ({kind}). Open it below to print it.")
    return redirect("programs:patient", program.patient_id)


@login_required
def download(request, pk):
    """The stored PDF as issued, byte for byte; never rendered again. The bytes are hashed
    again first: stored bytes that changed or went missing since it was issued are not
    handed to a patient, and the refusal is audited. Queries: session, user, handout with
    program and patient, its bytes, the audit row."""
    handout = get_handout_for(request, pk)
    patient = handout.program.patient
    try:
        pdf = handout.read_pdf()
    except MissingPDF:
        pdf = None
    if pdf is None or not handout.bytes_match(pdf):
        problem = "missing" if pdf is None else "changed"
        record(request, Action.HANDOUT_REFUSED, obj=handout, patient=patient, detail=problem)
        context = {"handout": handout, "patient": patient, "missing": pdf is None}
        return render(request, "handouts/refused.html", context, status=409)
    record(request, Action.HANDOUT_DOWNLOADED, obj=handout, patient=patient)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handout-{handout.pk}.pdf"'
    return response
