from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from clinics.models import Clinic, Patient, Therapist
from clinics.roles import clinic_admin_group, library_editor_group
from library.models import Condition, Exercise, Protocol, Sheet
from library.services import customise_for_clinic
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


class Command(BaseCommand):
    help = (
        "Creates a demo clinic with a clinic admin and a therapist, and a library editor. "
        "Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not Exercise.objects.exists():
            self.stderr.write("The library is empty: run `manage.py loaddata exercise_library`.")
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
            self.stderr.write("No protocols loaded: run `manage.py loaddata protocols`.")
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
