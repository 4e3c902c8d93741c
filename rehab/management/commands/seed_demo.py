import datetime
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from clinics.models import Clinic, Patient, Therapist
from clinics.roles import clinic_admin_group, library_editor_group
from handouts.services import issue_handout
from library.models import Condition, Exercise, Protocol, Sheet
from library.services import customise_for_clinic
from outcomes.builtin import ensure_builtin
from outcomes.models import Source
from outcomes.services import name_activities, record_answers
from phone.models import DayFeeling, ExerciseTick, PatientLink
from programs.models import Program
from programs.services import change_sheets, create_program

DEMO_CLINIC = "Riverside Physical Therapy (demo)"
CLINIC_ADMIN, THERAPIST, LIBRARY_EDITOR = "clinic admin", "therapist", "library editor"
DEMO_LOGINS = [
    # username, password, first name, last name, role
    ("admin", "rehab-admin-demo", "Alex", "Morgan", CLINIC_ADMIN),
    ("therapist", "rehab-therapist-demo", "Jordan", "Lee", THERAPIST),
    # Keeps the library every clinic shares; belongs to no clinic, so sees no patient.
    ("editor", "rehab-editor-demo", "Sam", "Rivera", LIBRARY_EDITOR),
]


DEMO_PATIENTS = [
    # name, chart number, birth date, condition slugs, handout language
    ("Margaret Okafor", "D-1001", "1951-03-14", ["osteoporosis"], "en"),
    ("Daniel Reyes", "D-1002", "1978-09-02", ["low-back-pain"], "en"),
    ("Zoë Lindqvist", "D-1003", "1990-06-21", [], "en"),
    # Reads Spanish: her handout prints in Spanish (`manage.py load_library_translations`
    # first, as `make run` does, or the library's parts print in English with a warning).
    ("Rosa Delgado Fuentes", "D-1004", "1949-11-02", ["osteoporosis"], "es"),
]
# The patients with osteoporosis get the bone-health program and its sheets.
DEMO_PROGRAM_CHARTS = ["D-1001", "D-1004"]
DEMO_PROTOCOL = "bone-health-trunk-lower-body"
DEMO_SHEETS = ["fall-proof-home", "food-for-strong-bones"]
DEMO_CUSTOMISED = "wall-push-ups"  # the demo clinic's own copy of this base exercise
# The bone-health programs start low and grow: each exercise counted in times starts at
# 5 and adds 1 a week up to its dose, said once on the handout (library/models/progressions.py).
DEMO_START, DEMO_STEP = 5, 1
# Six weeks of ticks, daily pain, and PSFS, pain and change answers every two weeks: the
# patient page's charts and the progress report have something to show. PSFS improves past
# its minimal important change; pain falls.
PROGRESS_CHART = "D-1002"
PROGRESS_PROTOCOL = "low-back-pain-home-stretches"
PROGRESS_WEEKS = 6
PROGRESS_ACTIVITIES = ["Putting on socks", "Sitting through a film", "Lifting my daughter"]
PROGRESS_ANSWERS = [  # days before today: PSFS per activity, pain, change (None at start)
    (42, [3, 2, 3], 6, None),
    (28, [4, 4, 4], 5, 1),
    (14, [6, 5, 5], 4, 3),
    (0, [7, 7, 6], 3, 5),
]


class Command(BaseCommand):
    help = (
        "Creates a demo clinic with a clinic admin and a therapist, and a library editor. "
        "Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not Exercise.objects.exists():
            self.stderr.write("The library is empty: run `manage.py load_library`.")
        clinic, _ = Clinic.objects.update_or_create(
            name=DEMO_CLINIC,
            defaults={"phone": "(555) 010-2030", "address": "12 River Road\nSpringfield"},
        )
        groups = {CLINIC_ADMIN: clinic_admin_group(), LIBRARY_EDITOR: library_editor_group()}
        User = get_user_model()
        therapists = []
        for username, password, first, last, role in DEMO_LOGINS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": role in groups},
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            if role in groups:
                user.groups.add(groups[role])
            if role == LIBRARY_EDITOR:
                continue
            therapist, _ = Therapist.objects.update_or_create(
                user=user,
                defaults={"clinic": clinic, "credentials": "PT, DPT", "phone": "(555) 010-2031"},
            )
            therapists.append(therapist)
        self._patients(clinic, therapist=therapists[-1])
        self._clinic_exercise(clinic)
        self._progress_patient(clinic, therapist=therapists[-1])
        self.stdout.write(self.style.SUCCESS(f"Demo clinic ready: {clinic.name}"))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with:")
        for username, password, *_, role in DEMO_LOGINS:
            self.stdout.write(f"  {role:<14} username: {username:<10} password: {password}")

    def _clinic_exercise(self, clinic):
        """The demo clinic's own copy of one base exercise, worded its own way, to show a
        clinic-owned row in admin and in the library (made after the demo program, which
        keeps the base exercise)."""
        base = Exercise.objects.filter(slug=DEMO_CUSTOMISED, clinic__isnull=True).first()
        if base is None:
            return
        copy, created = customise_for_clinic(exercise=base, clinic_id=clinic.pk)
        if created:
            copy.take_care = "Riverside tip: stand an arm's length from the wall to start."
            copy.save(update_fields=["take_care"])

    def _patients(self, clinic, therapist):
        """Demo patients; those with osteoporosis get a program from the bone-health
        protocol the first time only, so a second run leaves their programs as they are."""
        for name, chart, birth_date, condition_slugs, language in DEMO_PATIENTS:
            patient, created = Patient.objects.get_or_create(
                clinic=clinic,
                chart_number=chart,
                defaults={"name": name, "birth_date": birth_date, "language": language},
            )
            patient.conditions.set(Condition.objects.filter(slug__in=condition_slugs))
        protocol = Protocol.objects.filter(slug=DEMO_PROTOCOL).first()
        if protocol is None:
            self.stderr.write("No protocols loaded: run `manage.py load_library`.")
            return
        for patient in Patient.objects.filter(clinic=clinic, chart_number__in=DEMO_PROGRAM_CHARTS):
            if patient.programs.exists():
                continue
            program = create_program(patient=patient, therapist=therapist, protocol=protocol)
            for item in program.items.filter(reps__gt=DEMO_START):
                item.grows, item.grow_start, item.grow_step = "reps", DEMO_START, DEMO_STEP
                item.grow_every_weeks, item.grow_up_to = 1, item.reps
                item.save(update_fields=item.PROGRESSION_FIELDS)
            for sheet in Sheet.objects.filter(slug__in=DEMO_SHEETS).order_by("title"):
                change_sheets(program=program, action="add", sheet=sheet, user=therapist.user)

    def _progress_patient(self, clinic, therapist):
        """Daniel Reyes: a low-back program issued six weeks ago with its phone link, ticked
        on most days since, with daily pain and the measures every two weeks. Made the
        first time only."""
        patient = Patient.objects.get(clinic=clinic, chart_number=PROGRESS_CHART)
        protocol = Protocol.objects.filter(slug=PROGRESS_PROTOCOL).first()
        if protocol is None or patient.programs.exists():
            return
        zone = clinic.zone
        today = timezone.localdate(timezone=zone)
        start = today - datetime.timedelta(weeks=PROGRESS_WEEKS)
        began = datetime.datetime.combine(start, datetime.time(10), tzinfo=zone)
        program = create_program(patient=patient, therapist=therapist, protocol=protocol)
        handout = issue_handout(
            program=program, user=therapist.user, mode="filled", large_print=False
        )
        Program.objects.filter(pk=program.pk).update(created_at=began)
        handout.__class__.objects.filter(pk=handout.pk).update(issued_at=began)
        PatientLink.objects.filter(handout=handout).update(created_at=began)
        exercises = list(program.items.values_list("exercise_id", flat=True))
        chance = random.Random(29)  # the same demo every time
        for n in range((today - start).days + 1):
            day = start + datetime.timedelta(days=n)
            if chance.random() < 0.25:
                continue  # a day off
            ExerciseTick.objects.bulk_create(
                ExerciseTick(program=program, exercise_id=exercise, day=day)
                for exercise in exercises
                if chance.random() < 0.85
            )
            pain = max(0, 6 - n // 10 + chance.choice([-1, 0, 0, 1]))
            DayFeeling.objects.create(program=program, day=day, pain=pain, effort="right")
        measures = ensure_builtin()
        activities = name_activities(
            patient=patient, measure=measures["psfs"], names=PROGRESS_ACTIVITIES
        )
        nprs_item = measures["nprs"].items.get()
        groc_item = measures["groc"].items.get()
        for days_ago, psfs, pain, change in PROGRESS_ANSWERS:
            day = today - datetime.timedelta(days=days_ago)
            given = [
                ("psfs", {a.pk: v for a, v in zip(activities, psfs, strict=True)}),
                ("nprs", {nprs_item.pk: pain}),
                ("groc", {groc_item.pk: change} if change is not None else None),
            ]
            for slug, values in given:
                if values is None:
                    continue
                source = Source.VISIT if days_ago in (42, 0) else Source.PHONE
                record_answers(
                    patient=patient,
                    measure=measures[slug],
                    values=values,
                    day=day,
                    source=source,
                    actor=therapist.user if source == Source.VISIT else None,
                    program=program,
                )
