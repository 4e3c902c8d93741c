"""The phone page's clinic number dials it with one tap (issue 30, smaller points)."""

import pytest
from django.urls import reverse

from phone.templatetags.phone_tags import tel_href
from tests.helpers import TOKEN, issue_with_link

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, href",
    [
        ("(555) 010-2030", "tel:5550102030"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("555-010-2030 ext. 12", "tel:5550102030,12"),
        ("555 010 2030 x4", "tel:5550102030,4"),
        ("", ""),
        ("call us", ""),
    ],
)
def test_tel_href(written, href):
    assert tel_href(written) == href


def set_numbers(therapist, number):
    """The handout's number: the therapist's, else the clinic's."""
    therapist.phone = number
    therapist.save()
    therapist.clinic.phone = number
    therapist.clinic.save()


def test_the_clinics_number_is_a_tap_to_call_link(client, program, therapist):
    set_numbers(therapist, "(555) 010-2030")
    issue_with_link(program, therapist.user)
    html = client.get(reverse("phone:page", args=[TOKEN])).content.decode()
    assert '<a class="call" href="tel:5550102030"><strong>(555) 010-2030</strong></a>' in html


def test_no_number_no_link(client, program, therapist):
    set_numbers(therapist, "")
    issue_with_link(program, therapist.user)
    html = client.get(reverse("phone:page", args=[TOKEN])).content.decode()
    assert 'href="tel:' not in html
