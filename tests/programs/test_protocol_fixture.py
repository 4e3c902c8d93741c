"""The shipped seed protocols: complete, in order, readable and safe for weak bones."""

import pytest
import textstat
from django.core.management import call_command

from library.models import Protocol, ProtocolItem
from tests.helpers import MAX_GRADE, SEED_000, SEED_001


@pytest.fixture(autouse=True)
def seed_exercises(db):
    """The seed fixture's exercises alone: these tests are about fixtures/protocols.json."""
    call_command("loaddata", "exercise_library", "conditions", verbosity=0)


EXPECTED = {
    "bone-health-trunk-lower-body": SEED_000,
    "low-back-pain-home-stretches": SEED_001,
    "osteoporosis-strength-balance": [
        "walking",
        "stair-climbing",
        "sit-to-stand",
        "heel-raises",
        "wall-push-ups",
        "band-row",
        "arm-curls",
        "tai-chi-weight-shift",
        "single-leg-stand",
    ],
}
UNSAFE_FOR_WEAK_BONES = {"spinal-flexion", "spinal-rotation", "impact"}


@pytest.fixture
def protocols():
    call_command("loaddata", "protocols", verbosity=0)
    return {protocol.slug: protocol for protocol in Protocol.objects.all()}


def slugs_in_order(protocol):
    return [item.exercise.slug for item in protocol.items.order_by("order")]


def test_the_three_protocols_load(protocols):
    assert set(protocols) == set(EXPECTED)
    for protocol in protocols.values():
        assert protocol.name and protocol.intro and protocol.default_frequency, protocol.slug


def test_each_protocol_lists_its_exercises_in_order(protocols):
    for slug, expected in EXPECTED.items():
        assert slugs_in_order(protocols[slug]) == expected, slug
        orders = list(protocols[slug].items.order_by("order").values_list("order", flat=True))
        assert orders == list(range(1, len(expected) + 1)), slug


def test_general_instructions_are_four_to_six_plain_lines(protocols):
    for protocol in protocols.values():
        lines = protocol.general_instructions.split("\n")
        assert 4 <= len(lines) <= 6, protocol.slug
        for line in lines:
            assert line.strip() == line and line, f"{protocol.slug}: {line!r}"
            assert line[0] not in "-*•" and not line[0].isdigit(), f"{protocol.slug}: {line!r}"


def test_intro_and_instructions_read_at_grade_seven_or_below(protocols):
    too_hard = [
        f"{protocol.slug}: {text!r} ({textstat.flesch_kincaid_grade(text):.1f})"
        for protocol in protocols.values()
        for text in [protocol.intro, *protocol.general_instructions.split("\n")]
        if textstat.flesch_kincaid_grade(text) > MAX_GRADE
    ]
    assert not too_hard, "\n".join(too_hard)


def test_osteoporosis_protocol_avoids_flexion_rotation_and_impact(protocols):
    items = protocols["osteoporosis-strength-balance"].items.prefetch_related(
        "exercise__movement_tags"
    )
    flagged = {}
    for item in items:
        tags = {tag.slug for tag in item.exercise.movement_tags.all()} & UNSAFE_FOR_WEAK_BONES
        if tags:
            flagged[item.exercise.slug] = tags
    assert not flagged


def test_loading_twice_creates_no_duplicates(protocols):
    before = (Protocol.objects.count(), ProtocolItem.objects.count())
    call_command("loaddata", "protocols", verbosity=0)
    assert before == (3, sum(len(slugs) for slugs in EXPECTED.values()))
    assert (Protocol.objects.count(), ProtocolItem.objects.count()) == before
