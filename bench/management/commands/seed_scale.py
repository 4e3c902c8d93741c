"""Fills a database with plausible data at a large scale, for the benchmarks.

Every seeded row is recognisable (exercise slugs start with `scale-`, clinics are named
"Scale Clinic NN"), so a second run counts what is there and adds only what is missing:
running it again, or after an interrupted run, never duplicates anything. Rows go in with
bulk_create, one transaction per batch, because one save() per row would take hours."""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from clinics.models import Clinic, Patient, Therapist
from library import region_counts
from library.models import BodyRegion, Exercise, ExerciseStep, Kind, Position
from programs.models import Program, ProgramItem

SLUG_PREFIX = "scale-"
CLINIC_PREFIX = "Scale Clinic "
BATCH = 5000


def words(text):
    return text.split()


FIRST_NAMES = words(
    "Margaret James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William "
    "Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa "
    "Anthony Betty Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua "
    "Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald "
    "Zoë José Aiyana Mei Priya Oluwaseun Nguyen Fatima Sven Ingrid Chidi Anaïs"
)
LAST_NAMES = words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Okafor Reyes "
    "Lindqvist Kowalski Haddad Tanaka Schmidt Dubois Rossi Ivanova Mensah O'Brien"
)

BODY_PARTS = words(
    "hamstring calf hip shoulder neck back knee ankle wrist elbow core glute thigh chest "
    "trunk spine foot"
)
MOVEMENTS = words(
    "stretch raise curl press rotation bridge slide squeeze lift reach march tilt hold "
    "circle extension row"
)
STARTS = {
    Position.LYING_ON_BACK: "Lie on your back with your knees bent and your feet flat.",
    Position.LYING_FACE_DOWN: "Lie face down with a pillow under your hips.",
    Position.LYING_ON_SIDE: "Lie on your side with a pillow under your head.",
    Position.HANDS_AND_KNEES: "Get on your hands and knees, hands under your shoulders.",
    Position.SITTING: "Sit tall near the front of a firm chair, feet flat on the floor.",
    Position.STANDING: "Stand tall holding the back of a sturdy chair.",
}
ILLUSTRATION = "img/exercises/bridge.svg"


class Command(BaseCommand):
    help = "Seeds exercises, clinics, patients and programs at scale. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--exercises", type=int, default=10_000)
        parser.add_argument("--patients", type=int, default=100_000)
        parser.add_argument("--programs", type=int, default=200_000)
        parser.add_argument(
            "--clinics", type=int, default=1, help="Patients are shared out evenly among them."
        )
        parser.add_argument("--items-per-program", type=int, default=6)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        start = time.perf_counter()
        clinics = self._clinics(options["clinics"])
        therapists = {clinic.pk: self._therapist(clinic) for clinic in clinics}
        exercise_ids = self._exercises(options["exercises"])
        patients = self._patients(options["patients"], clinics)
        self._programs(
            options["programs"], patients, therapists, exercise_ids, options["items_per_program"]
        )
        # Planner statistics now (PostgreSQL: not whenever autovacuum notices the new rows;
        # SQLite keeps none until asked): without them both pick poor plans for the
        # searches. SQLite then reads a clinic's 100,000 patients for a search instead of
        # the names' word index (docs/performance.md); `PRAGMA optimize` keeps them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        region_counts.forget()  # bulk_create sends no signal (library.region_counts)
        self.stdout.write(
            f"Seeded {len(exercise_ids)} exercises, {len(patients)} patients, "
            f"{options['programs']} programs in {time.perf_counter() - start:.0f} s"
        )

    def _clinics(self, count):
        return [
            Clinic.objects.get_or_create(name=f"{CLINIC_PREFIX}{number:02d}")[0]
            for number in range(1, count + 1)
        ]

    def _therapist(self, clinic):
        username = f"scale-therapist-{clinic.pk}"
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Sam", "last_name": f"Scale {clinic.pk}"}
        )
        therapist, _ = Therapist.objects.get_or_create(
            user=user, defaults={"clinic": clinic, "credentials": "PT, DPT"}
        )
        return therapist

    def _exercises(self, target):
        """Each with four steps (searched by the library) and one or two body regions."""
        seeded = Exercise.objects.filter(slug__startswith=SLUG_PREFIX)
        have = seeded.count()
        regions = list(BodyRegion.objects.values_list("pk", flat=True))
        positions, kinds = list(Position), [kind for kind in Kind if kind != Kind.AEROBIC]
        for first in range(have, target, BATCH):
            rng = random.Random(first)
            numbers = range(first, min(first + BATCH, target))
            exercises = []
            for number in numbers:
                part, movement = rng.choice(BODY_PARTS), rng.choice(MOVEMENTS)
                position = rng.choice(positions)
                exercises.append(
                    Exercise(
                        name=f"{position.label.split()[0]} {part} {movement} {number}",
                        slug=f"{SLUG_PREFIX}{number:05d}",
                        summary=f"Keeps your {part} moving and strong with a gentle {movement}.",
                        position=position,
                        kind=rng.choice(kinds),
                        reps=10,
                        sets=1,
                        hold_min_seconds=2,
                        hold_max_seconds=3,
                        illustration=ILLUSTRATION,
                        illustration_alt=f"A person doing a {part} {movement}.",
                    )
                )
            with transaction.atomic():
                created = Exercise.objects.bulk_create(exercises, batch_size=1000)
                steps, links = [], []
                Link = Exercise.regions.through
                for exercise in created:
                    part, movement = exercise.name.split()[1:3]
                    texts = [
                        STARTS[exercise.position],
                        f"Slowly {movement} using your {part}, keeping your breathing easy.",
                        "Hold for a count of three, then relax.",
                        "Stop if you feel sharp pain, numbness or tingling.",
                    ]
                    steps += [
                        ExerciseStep(exercise=exercise, order=order, text=text)
                        for order, text in enumerate(texts, start=1)
                    ]
                    for region in rng.sample(regions, min(len(regions), rng.choice((1, 2)))):
                        links.append(Link(exercise_id=exercise.pk, bodyregion_id=region))
                ExerciseStep.objects.bulk_create(steps, batch_size=2000)
                Link.objects.bulk_create(links, batch_size=2000)
            self._progress("exercises", numbers.stop, target)
        return list(seeded.order_by("slug").values_list("pk", flat=True)[:target])

    def _patients(self, target, clinics):
        """Chart numbers S000000, S000001...; patient n belongs to clinic n % len(clinics)."""
        seeded = Patient.objects.filter(clinic__in=clinics)
        have = seeded.count()
        for first in range(have, target, BATCH):
            rng = random.Random(first)
            numbers = range(first, min(first + BATCH, target))
            patients = [
                Patient(
                    clinic=clinics[number % len(clinics)],
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    chart_number=f"S{number:06d}",
                    birth_date=f"{rng.randint(1930, 2010)}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}",
                )
                for number in numbers
            ]
            with transaction.atomic():
                Patient.objects.bulk_create(patients, batch_size=1000)
            self._progress("patients", numbers.stop, target)
        return list(seeded.order_by("chart_number").values_list("pk", "clinic_id")[:target])

    def _programs(self, target, patients, therapists, exercise_ids, items_per_program):
        """Program n belongs to patient n % patients, written by that clinic's therapist."""
        if not patients or not exercise_ids:
            return
        seeded = Program.objects.filter(therapist__in=therapists.values())
        have = seeded.count()
        size = min(items_per_program, len(exercise_ids), Program.MAX_ITEMS)
        for first in range(have, target, BATCH):
            rng = random.Random(first)
            numbers = range(first, min(first + BATCH, target))
            programs = []
            for number in numbers:
                patient_id, clinic_id = patients[number % len(patients)]
                programs.append(
                    Program(
                        patient_id=patient_id,
                        therapist=therapists[clinic_id],
                        title="Home exercise program",
                        frequency="Once a day",
                    )
                )
            with transaction.atomic():
                created = Program.objects.bulk_create(programs, batch_size=1000)
                items = [
                    ProgramItem(
                        program=program,
                        exercise_id=exercise_id,
                        order=order,
                        reps=10,
                        sets=1,
                        hold_min_seconds=2,
                        hold_max_seconds=3,
                    )
                    for program in created
                    for order, exercise_id in enumerate(rng.sample(exercise_ids, size), start=1)
                ]
                ProgramItem.objects.bulk_create(items, batch_size=2000)
            self._progress("programs", numbers.stop, target)

    def _progress(self, what, done, target):
        if self.verbosity >= 2:
            self.stdout.write(f"  {what}: {done}/{target}")
