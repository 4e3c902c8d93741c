import factory
from django.contrib.auth import get_user_model

from clinics.models import Clinic, Patient, Therapist
from library.models import (
    BodyRegion,
    Condition,
    ConditionCaution,
    Exercise,
    ExerciseBenefit,
    ExerciseStep,
    MovementTag,
    Position,
    Protocol,
    ProtocolItem,
    SupportOption,
)
from programs.models import Program, ProgramItem

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password(PASSWORD)


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    phone = "(555) 123-4567"


class TherapistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Therapist

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    credentials = "PT, DPT"
    phone = "(555) 765-4321"


class BodyRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyRegion
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class MovementTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MovementTag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Movement {n}")
    slug = factory.Sequence(lambda n: f"movement-{n}")


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Exercise {n}")
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    summary = "Makes your back stronger."
    position = Position.LYING_ON_BACK
    kind = "strengthening"
    hold_min_seconds = 2
    hold_max_seconds = 3
    reps = 10
    illustration = "img/exercises/bridge.svg"
    illustration_alt = "A person lies on a mat."

    step = factory.RelatedFactory(
        "tests.factories.StepFactory", factory_related_name="exercise", text="Lie on your back."
    )
    benefit = factory.RelatedFactory(
        "tests.factories.BenefitFactory", factory_related_name="exercise"
    )


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseStep

    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "Press your shoulders down."


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseBenefit

    exercise = factory.SubFactory(ExerciseFactory)
    text = "Makes your back stronger."


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    name = factory.Sequence(lambda n: f"Protocol {n}")
    slug = factory.Sequence(lambda n: f"protocol-{n}")


class ProtocolItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProtocolItem

    protocol = factory.SubFactory(ProtocolFactory)
    exercise = factory.SubFactory(ExerciseFactory)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Patient {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    patient = factory.SubFactory(PatientFactory)
    therapist = factory.SubFactory(
        TherapistFactory, clinic=factory.SelfAttribute("..patient.clinic")
    )
    title = "Home program"
    frequency = "Once a day"


class ProgramItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramItem

    program = factory.SubFactory(ProgramFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    hold_min_seconds = 2
    hold_max_seconds = 3
    reps = 10


class SupportOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOption

    name = factory.Sequence(lambda n: f"Support {n}")
    slug = factory.Sequence(lambda n: f"support-{n}")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")


class ConditionCautionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionCaution

    condition = factory.SubFactory(ConditionFactory)
    movement_tag = factory.SubFactory(MovementTagFactory)
    severity = ConditionCaution.Severity.AVOID
    message = "Avoid bending forward at the waist."
    source = "Clinic policy"
