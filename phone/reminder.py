"""A daily reminder in the patient's own calendar (issue 30): the phone page offers an
.ics file with one event a day at the time the patient picks, in the clinic's time zone,
holding only the phone page's address. Nothing is sent: the phone's calendar imports the
file and reminds the patient itself. No name, no exercise and no health word is in it: a
calendar is often shared or synced to places the clinic does not control."""

import calendar
import datetime
import hashlib

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from audit.log import Action, client_ip

from . import services, views
from .links import clinic_today

EVENT_MINUTES = 10


class ReminderForm(forms.Form):
    time = forms.TimeField(
        label=_("Time"), input_formats=["%H:%M"], error_messages={"invalid": _("Pick a time.")}
    )


def escape(text):
    """RFC 5545 text: backslashes, commas, semicolons and line breaks escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def offset(delta):
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def vtimezone(zone, year):
    """The zone's rules as a VTIMEZONE: each change of offset in `year` (found hour by
    hour) repeats yearly on the same weekday of its month ("second Sunday of March")."""
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    hours = (datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC) - start).days * 24
    before = start.astimezone(zone)
    changes = []
    for hour in range(1, hours + 1):
        now = (start + datetime.timedelta(hours=hour)).astimezone(zone)
        if now.utcoffset() != before.utcoffset():
            changes.append((before, now))
        before = now
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    if not changes:
        here = start.astimezone(zone).utcoffset()
        lines += [
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{offset(here)}",
            f"TZOFFSETTO:{offset(here)}",
            "END:STANDARD",
        ]
    for old, new in changes:
        # The wall time at which the change happens, on the old clock.
        wall = (new.astimezone(datetime.UTC) + old.utcoffset()).replace(tzinfo=None)
        last_day = calendar.monthrange(wall.year, wall.month)[1]
        week = -1 if wall.day + 7 > last_day else (wall.day - 1) // 7 + 1
        day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][wall.weekday()]
        kind = "DAYLIGHT" if new.dst() else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{wall:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;BYMONTH={wall.month};BYDAY={week}{day}",
            f"TZOFFSETFROM:{offset(old.utcoffset())}",
            f"TZOFFSETTO:{offset(new.utcoffset())}",
            f"TZNAME:{new.tzname()}",
            f"END:{kind}",
        ]
    return [*lines, "END:VTIMEZONE"]


def calendar_file(*, page_url, at, zone, first_day, uid):
    """The .ics text: a daily event at `at` (a time) from `first_day`, in `zone`, with an
    alarm at its start. Words in the active language."""
    summary = gettext("Your daily reminder")
    description = gettext("Open your page: %(url)s") % {"url": page_url}
    start = datetime.datetime.combine(first_day, at)
    stamp = timezone.now().astimezone(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rehab//daily reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *vtimezone(zone, first_day.year),
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;TZID={zone.key}:{start:%Y%m%dT%H%M%S}",
        f"DURATION:PT{EVENT_MINUTES}M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{page_url}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(summary)}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


@require_GET
@views.patient_link_view
def reminder(request, token, link):
    """GET ?time=HH:MM: the .ics file; a missing or wrong time shows the page again with
    its error. Audited as a view of the patient link."""
    form = ReminderForm(request.GET)
    if not form.is_valid():
        return views._page(request, token, link, errors=form.errors["time"], status=400)
    services.link_event(
        Action.LINK_VIEWED,
        link=link,
        ip=client_ip(request),
        detail=f"calendar reminder of handout {link.handout_id}",
    )
    zone = link.handout.program.patient.clinic.zone
    page_url = f"{settings.SITE_URL}/h/{token}"
    # The same link gives the same event, so importing it twice replaces it.
    uid = hashlib.sha256(f"reminder:{link.token_sha256}".encode()).hexdigest()[:32] + "@rehab"
    text = calendar_file(
        page_url=page_url,
        at=form.cleaned_data["time"],
        zone=zone,
        first_day=clinic_today(link),
        uid=uid,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reminder.ics"'
    return response
