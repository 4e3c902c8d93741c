"""The phone page's answer to a due outcome measure (phone/measures.py asks it). A form
sent again once its answers are saved is refused: the measure is no longer due, so a
replayed form stores nothing."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from audit.log import client_ip
from outcomes.models import Source
from outcomes.services import record_answers

from .links import clinic_today
from .measures import due_question
from .views import _page, forged, patient_link_view

SAVED_ALREADY = _("These answers were already saved. Thank you.")
NOT_ANSWERED = _("Please choose one number for each question.")


# The page's form check stands in for Django's CSRF check (phone/links.py form_check).
@csrf_exempt
@require_POST
@patient_link_view
def answer(request, token, link):
    """Stores the due measure's answers (services.record_answers checks them whole and
    writes the audit row as the patient link). Refused answers come back on the page with
    what was chosen kept."""
    if refused := forged(request, token, link):
        return refused
    program = link.handout.program
    today = clinic_today(link)
    question = due_question(program, today=today)
    if question is None or str(question["measure"].pk) != request.POST.get("measure"):
        return _page(request, token, link, errors=[SAVED_ALREADY], status=409)
    posted = {k.removeprefix("q-"): v for k, v in request.POST.items() if k.startswith("q-")}
    try:
        record_answers(
            patient=program.patient,
            measure=question["measure"],
            values=posted,
            day=today,
            source=Source.PHONE,
            program=program,
            ip=client_ip(request),
        )
    except ValidationError:
        kept = due_question(program, today=today, posted=posted, error=NOT_ANSWERED)
        return _page(request, token, link, question=kept, status=400)
    return redirect(reverse("phone:page", args=[token]) + "#question")
