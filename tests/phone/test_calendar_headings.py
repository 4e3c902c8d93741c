"""The patient page's adherence calendar says which weekday each column is and which
month each day is in (issue 30, smaller points)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def calendar_html(client, patient):
    html = client.get(reverse("programs:patient", args=[patient.pk])).content.decode()
    return re.search(r'<table class="adherence-calendar.*?</table>', html, re.S).group(0)


def test_columns_are_headed_by_weekday_and_months_are_named(
    therapist_client, patient, program, link
):
    today = timezone.localdate(timezone=patient.clinic.zone)
    first = today - datetime.timedelta(days=27)
    table = calendar_html(therapist_client, patient)
    headings = re.findall(r'<th scope="col" abbr="(\w+)">(\w+)</th>', table)
    expected = [first + datetime.timedelta(days=n) for n in range(7)]
    assert headings == [(day.strftime("%A"), day.strftime("%a")) for day in expected]
    assert f"Last 4 weeks, {first:%b} {first.day} to {today:%b} {today.day}" in table
    months = re.findall(r'<span class="month">(\w+)</span> (\d+)', table)
    firsts = [
        (day.strftime("%b"), str(day.day))
        for day in (first + datetime.timedelta(days=n) for n in range(28))
        if day == first or day.day == 1
    ]
    assert months == firsts
