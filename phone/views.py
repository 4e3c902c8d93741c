"""The patient's phone page: /h/<token>, opened from the QR code on a filled handout.

No login: the token is the key. Everything shown comes from the issued handout's snapshot
(the page never differs from the paper), greeting by first name only. The patient may tick
today's exercises done (and undo), and say once a day how it felt; nothing else is
written (phone/services.py). Each view and each write is audited as the patient link, with
no actor."""

from functools import wraps

from csp.constants import NONE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from audit.log import Action, client_ip, record
from handouts.access import get_handout_for
from handouts.snapshot import Snapshot
from library.models import this_week

from . import services
from .forms import FeelForm, TickForm
from .links import (
    clinic_today,
    first_name,
    form_check,
    form_check_matches,
    over_the_limit,
    working_link,
)
from .measures import due_question
from .models import DayFeeling, ExerciseTick, PatientLink

# Search engines, and the address bar's owner: the token never leaves in a Referer
# header, and no page of it is indexed or kept.
PHONE_CSP = {"script-src": [NONE], "connect-src": [NONE], "frame-src": [NONE]}


def patient_link_view(view):
    """Rate limit first (even unknown tokens count), then the token; a stopped link gets
    the stopped page, the same for unknown, revoked and expired."""

    @wraps(view)
    def wrapper(request, token):
        if over_the_limit(request):
            response = render(request, "phone/too_many.html", status=429)
            response["Retry-After"] = "60"
        else:
            link = working_link(token)
            if link is None:
                response = render(request, "phone/stopped.html", status=404)
            else:
                language = Snapshot.from_dict(link.handout.snapshot).language
                with translation.override(language):
                    response = view(request, token, link)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return csp_replace(PHONE_CSP)(wrapper)


@require_GET
@patient_link_view
def page(request, token, link):
    detail = f"page of handout {link.handout_id}"
    services.link_event(Action.LINK_VIEWED, link=link, ip=client_ip(request), detail=detail)
    return _page(request, token, link)


def _page(
    request, token, link, *, tick_form=None, feel_form=None, errors=(), status=200, question=None
):
    program = link.handout.program
    snapshot = Snapshot.from_dict(link.handout.snapshot)
    today = clinic_today(link)
    done = set(
        ExerciseTick.objects.filter(program=program, day=today).values_list(
            "exercise_id", flat=True
        )
    )
    feeling = DayFeeling.objects.filter(program=program, day=today).first()
    # Each prescribed exercise as printed, with its number on the page, today's tick and,
    # for a dose that grows, this week's number (weeks counted from the handout's day).
    zone = link.handout.program.patient.clinic.zone
    week = (today - timezone.localdate(link.handout.issued_at, timezone=zone)).days // 7
    exercises = [
        {
            **vars(exercise),
            "number": number,
            "done": exercise.exercise_id in done,
            "this_week": this_week(exercise.progression, week) if exercise.progression else "",
        }
        for number, exercise in enumerate(snapshot.prescribed(), start=1)
    ]
    context = {
        "token": token,
        "snapshot": snapshot,
        "first_name": first_name(snapshot.patient),
        "exercises": exercises,
        "done_count": sum(1 for exercise in exercises if exercise["done"]),
        "today": today,
        "check": form_check(link, today.isoformat()),
        "feeling": feeling,
        "pains": range(11),
        "errors": [
            *errors,
            *(
                error
                for form in (tick_form, feel_form)
                if form is not None
                for messages in form.errors.values()
                for error in messages
            ),
        ],
        "language": translation.get_language(),
        # A due outcome measure, asked first (phone/measures.py).
        "question": question or due_question(program, today=today),
    }
    return render(request, "phone/page.html", context, status=status)


def forged(request, token, link):
    """A form without the page's check value (phone.links.form_check): not from the page."""
    if form_check_matches(link, request.POST.get("day", ""), request.POST.get("check")):
        return None
    return _page(request, token, link, errors=[FORGED], status=403)


FORGED = _("This form did not come from your exercise page. Please use the page itself.")


# Django's CSRF check is replaced by the form check (see phone.links.form_check); the
# token in the address is itself a secret no other site knows.
@csrf_exempt
@require_POST
@patient_link_view
def tick(request, token, link):
    """Ticks one exercise of the sheet done today, or undoes it. Sending it twice changes
    nothing the second time."""
    if refused := forged(request, token, link):
        return refused
    prescribed = Snapshot.from_dict(link.handout.snapshot).prescribed()
    exercise_ids = {exercise.exercise_id for exercise in prescribed}
    form = TickForm(request.POST, today=clinic_today(link), exercise_ids=exercise_ids)
    if not form.is_valid():
        return _page(request, token, link, tick_form=form, status=400)
    exercise, day, done = (form.cleaned_data[name] for name in ("exercise", "day", "done"))
    services.tick(link=link, exercise_id=exercise, day=day, done=done, ip=client_ip(request))
    return redirect(reverse("phone:page", args=[token]) + f"#exercise-{exercise}")


@csrf_exempt
@require_POST
@patient_link_view
def feel(request, token, link):
    """Today's pain and effort; sending it again the same day replaces the answer."""
    if refused := forged(request, token, link):
        return refused
    form = FeelForm(request.POST, today=clinic_today(link))
    if not form.is_valid():
        return _page(request, token, link, feel_form=form, status=400)
    day, pain, effort = (form.cleaned_data[name] for name in ("day", "pain", "effort"))
    services.feel(link=link, day=day, pain=pain, effort=effort, ip=client_ip(request))
    return redirect(reverse("phone:page", args=[token]) + "#feel")


@login_required
def revoke_link(request, pk):
    """Stops the handout's patient link (its QR code) at once, after a confirmation page.
    The ticks already sent stay with the program."""
    handout = get_handout_for(request, pk)
    patient = handout.program.patient
    link = PatientLink.objects.filter(handout=handout).first()
    working = link is not None and link.is_working()
    if request.method == "POST":
        if working:
            services.revoke(handout=handout, link=link, user=request.user, ip=client_ip(request))
            messages.success(request, "The phone link of that handout no longer works.")
        else:
            detail = "revoke: no working link"
            record(request, Action.PATIENT_VIEWED, obj=handout, patient=patient, detail=detail)
            messages.info(request, "That handout has no phone link that still works.")
        return redirect("programs:patient", patient.pk)
    record(request, Action.PATIENT_VIEWED, obj=handout, patient=patient, detail="revoke link form")
    context = {"handout": handout, "patient": patient, "link": link, "working": working}
    return render(request, "phone/revoke_link.html", context)
