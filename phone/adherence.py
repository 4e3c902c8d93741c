"""What the therapist sees of the phone page's ticks and "how did it feel" answers: on the
patient page and on each row of the editor (phone/apps.py hands these to programs/home.py)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from programs.models import Program

from .models import DayFeeling, Effort, ExerciseTick

CALENDAR_DAYS = 28
PAINFUL = 5  # pain this high on two days an exercise was done flags it


@dataclass
class ExerciseAdherence:
    """One exercise of a program as the patient ticked it: on how many days of the period
    (`rate`, 0 to 100), whether it was done on a day they called "too hard", and on how
    many days it was done with pain of 5 or more."""

    days_done: int = 0
    rate: int = 0
    too_hard: bool = False
    painful_days: int = 0

    @property
    def flagged(self):
        return self.too_hard or self.painful_days >= 2


@dataclass
class Adherence:
    """A program's phone-page record, from its first patient link until today (or until
    its links stopped, for a revised program)."""

    since: datetime.date | None
    until: datetime.date
    days: int = 0
    calendar: list = field(default_factory=list)  # 4 weeks of (day, done, counted)
    exercises: dict = field(default_factory=lambda: defaultdict(ExerciseAdherence))
    pains: list = field(default_factory=list)  # (day, pain, effort label), oldest first
    trend: str | None = None  # "rising", "falling", "steady", or None: too few answers

    @property
    def linked(self):
        return self.since is not None

    @property
    def days_done(self):
        return sum(1 for _, done, _ in self.calendar if done)

    def for_exercise(self, exercise_id):
        return self.exercises.get(exercise_id) or ExerciseAdherence()

    @property
    def flagged(self):
        return any(entry.flagged for entry in self.exercises.values())


def adherence_summary(program, *, zone, today=None):
    """The program's ticks and "how did it feel" answers, summed up: 3 queries (first
    patient link, ticks, answers) whatever the number of exercises and days. `zone` is the
    clinic's time zone, in which the patient's days are counted. Patient links are reached
    through their relation's name, never imported (handouts sit above programs)."""
    today = today or timezone.localdate(timezone=zone)
    first = Program.objects.filter(pk=program.pk).aggregate(
        first=Min("handouts__patient_link__created_at")
    )["first"]
    until = today
    if not program.is_current:  # a query, unless next_revision was selected
        revised_at = program.next_revision.created_at
        stop = revised_at + datetime.timedelta(days=settings.PATIENT_LINK_REVISED_DAYS)
        until = min(today, timezone.localdate(stop, timezone=zone))
    since = timezone.localdate(first, timezone=zone) if first else None
    summary = Adherence(since=since, until=until)
    if since is None:
        return summary
    summary.days = max((until - since).days + 1, 1)
    done_by_day = defaultdict(set)
    for exercise_id, day in ExerciseTick.objects.filter(program=program).values_list(
        "exercise_id", "day"
    ):
        done_by_day[day].add(exercise_id)
        summary.exercises[exercise_id].days_done += 1
    for entry in summary.exercises.values():
        entry.rate = min(100, round(100 * entry.days_done / summary.days))
    labels = dict(Effort.choices)
    feelings = DayFeeling.objects.filter(program=program).order_by("day")
    for day, pain, effort in feelings.values_list("day", "pain", "effort"):
        for exercise_id in done_by_day.get(day, ()):
            entry = summary.exercises[exercise_id]
            entry.too_hard |= effort == Effort.TOO_HARD
            entry.painful_days += pain >= PAINFUL
        if (until - day).days < CALENDAR_DAYS:
            summary.pains.append((day, pain, labels.get(effort, effort)))
    summary.trend = pain_trend([pain for _, pain, _ in summary.pains])
    first_day = until - datetime.timedelta(days=CALENDAR_DAYS - 1)
    days = [first_day + datetime.timedelta(days=n) for n in range(CALENDAR_DAYS)]
    summary.calendar = [(day, bool(done_by_day.get(day)), day >= since) for day in days]
    return summary


def pain_trend(pains):
    """Rising, falling or steady: the later half of the answers against the earlier half
    (a point or more apart on average). None with fewer than four answers."""
    if len(pains) < 4:
        return None
    half = len(pains) // 2
    earlier = sum(pains[:half]) / half
    later = sum(pains[-half:]) / half
    if later - earlier >= 1:
        return "rising"
    if earlier - later >= 1:
        return "falling"
    return "steady"


def editor_adherence(program, *, zone):
    """What the editor shows beside each row: this program's phone record, or for a new
    revision with none yet, the previous revision's (what happened since the last visit).
    Returns (Adherence, revision number) or (None, None). `program.previous` should be
    selected with it; 3 queries, 6 when the previous revision is read too."""
    summary = adherence_summary(program, zone=zone)
    if summary.linked:
        return summary, program.revision
    previous = program.previous
    if previous is None:
        return None, None
    previous.next_revision = program  # known: saves the is_current query
    summary = adherence_summary(previous, zone=zone)
    return (summary, previous.revision) if summary.linked else (None, None)
