"""The patient list's table rows, written in one pass here rather than by Django's
template engine: its loop spent about 0.15 ms a row on variable lookups, filters and tags
(25 rows, a quarter of a search request, issue 31). The markup is the one
templates/programs/patient_list.html had, byte for byte: Django's `conditional_escape`,
and its `date` filter on the time in the current time zone, as the template showed them;
tests/programs/test_patient_rows.py compares them."""

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

ROW = """
    <tr>
      <td>
        <a class="fw-semibold" href="{href}">{name}</a>
        {conditions}
      </td>
      <td data-label="Chart">{chart}</td>
      <td data-label="Born">{born}</td>
      <td data-label="Current program">
        {current}
      </td>
      <td data-label="Last visit">{last_visit}</td>
    </tr>
  """
CONDITIONS = """
          <ul class="list-inline mb-0 mt-1" aria-label="Conditions of {}">
            {}
          </ul>
        """
CONDITION = (
    '<li class="list-inline-item me-1">'
    '<span class="badge rounded-pill text-bg-warning condition-chip">{}</span></li>'
)
CURRENT = (
    '\n          <a href="{href}">{title}</a>\n          <span class="small text-body-secondary">'
    "· revision {revision} · {count} exercise{plural}{more}</span>\n        "
)
NO_PROGRAM = '<span class="text-body-secondary">None yet</span>'
DAY = "M j, Y"
NONE = "—"


def patient_rows(patients):
    """The rows of a page of patients, each with its `glance` (programs.selectors) and
    its conditions prefetched: no query here."""
    links = _link_maker("programs:patient"), _link_maker("programs:detail")
    return mark_safe("".join(_row(patient, *links) for patient in patients))


def _link_maker(name):
    """reverse() once a page, not twice a row (about 30 µs each): the address of pk 0
    with the pk in its place (the int converter writes the number as it is)."""
    head, tail = reverse(name, args=[0]).rsplit("0", 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def _day(value):
    return conditional_escape(date_filter(template_localtime(value), DAY) or NONE)


def _row(patient, patient_url, program_url):
    escape = conditional_escape
    name = escape(patient.name)
    conditions = patient.conditions.all()
    if conditions:
        chips = "".join(CONDITION.format(escape(condition.name)) for condition in conditions)
        conditions = CONDITIONS.format(name, chips)
    else:
        conditions = ""
    current = patient.glance.current
    if current:
        count = current["item_count"]
        other = patient.glance.other_current
        current = CURRENT.format(
            href=escape(program_url(current["pk"])),
            title=escape(current["title"]),
            revision=escape(current["revision"]),
            count=escape(count),
            plural="" if count == 1 else "s",
            more=f" · {escape(other)} more" if other else "",
        )
    else:
        current = NO_PROGRAM
    return ROW.format(
        href=escape(patient_url(patient.pk)),
        name=name,
        conditions=conditions,
        chart=escape(patient.chart_number or NONE),
        born=_day(patient.birth_date),
        current=current,
        last_visit=_day(patient.glance.last_visit),
    )
