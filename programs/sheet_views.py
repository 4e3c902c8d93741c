"""Choosing a program's education sheets: those handed out with it (move, remove), those
suggested for the patient's conditions, and every other."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from audit.log import Action, client_ip, record
from library.models import Sheet

from . import services
from .access import get_program_for
from .forms import SHEET_ACTIONS, SheetActionForm
from .models import Program


@login_required
def program_sheets(request, pk):
    """Queries (GET): session, user, program with patient and revision, the audit row, the
    program's sheets, the suggested sheets' ids, the other sheets."""
    programs = Program.objects.select_related("patient").with_is_revised()
    program = get_program_for(request, pk, programs)
    status = 200
    if request.method == "POST":
        form = SheetActionForm(request.POST)
        if not program.is_current:
            messages.info(request, "This is an earlier revision; its sheets cannot be changed.")
            return redirect("programs:detail", program.pk)
        if form.is_valid():
            action, sheet = form.cleaned_data["action"], form.cleaned_data["sheet"]
            try:
                services.change_sheets(
                    program=program,
                    action=action,
                    sheet=sheet,
                    user=request.user,
                    ip=client_ip(request),
                )
            except ValueError as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"{dict(SHEET_ACTIONS)[action]}: {sheet.title}.")
            return redirect("programs:sheets", program.pk)
        messages.error(request, "That sheet or action is not known; nothing was changed.")
        status = 400
    record(request, Action.PROGRAM_VIEWED, obj=program, patient=program.patient, detail="sheets")
    chosen = list(program.sheet_links.select_related("sheet"))
    suggested_ids = set(
        Sheet.objects.filter(conditions__patients=program.patient_id).values_list("pk", flat=True)
    )
    others = list(Sheet.objects.active().exclude(pk__in=[link.sheet_id for link in chosen]))
    context = {
        "program": program,
        "chosen": chosen,
        "suggested": [sheet for sheet in others if sheet.pk in suggested_ids],
        "others": [sheet for sheet in others if sheet.pk not in suggested_ids],
    }
    return render(request, "programs/program_sheets.html", context, status=status)
