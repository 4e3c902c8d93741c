"""A dose that grows: start at N, add K every W weeks, up to M, for one number of the dose
(times, hold seconds, minutes or sets). Carried by a program item and by a protocol or
template item; the handout prints it as one sentence in the patient's language, and the
phone page shows this week's number."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .exercises import Side

MAX_PROGRESSION = 600  # the largest dose number any field allows (hold seconds)
MAX_PROGRESSION_WEEKS = 12


class Grows(models.TextChoices):
    NONE = "", _("No progression")
    REPS = "reps", _("Times")
    HOLD = "hold", _("Hold seconds")
    MINUTES = "minutes", _("Minutes")
    SETS = "sets", _("Sets")


START = {
    Grows.REPS: ngettext_lazy("Start with %(count)s time.", "Start with %(count)s times.", "count"),
    Grows.HOLD: ngettext_lazy(
        "Start by holding %(count)s second.", "Start by holding %(count)s seconds.", "count"
    ),
    Grows.MINUTES: ngettext_lazy(
        "Start with %(count)s minute.", "Start with %(count)s minutes.", "count"
    ),
    Grows.SETS: ngettext_lazy("Start with %(count)s set.", "Start with %(count)s sets.", "count"),
}
# Times that grow for an exercise done with each leg, each arm or to each side: the side is
# part of the number, so the sentence that gives the number says it ("Start with 5 times
# with each leg."), as the fixed dose's "Repeat 10 times with each leg." does.
START_SIDE = {
    Side.EACH_LEG: ngettext_lazy(
        "Start with %(count)s time with each leg.",
        "Start with %(count)s times with each leg.",
        "count",
    ),
    Side.EACH_ARM: ngettext_lazy(
        "Start with %(count)s time with each arm.",
        "Start with %(count)s times with each arm.",
        "count",
    ),
    Side.EACH_SIDE: ngettext_lazy(
        "Start with %(count)s time to each side.",
        "Start with %(count)s times to each side.",
        "count",
    ),
}
ADD = ngettext_lazy(
    "Add %(step)s each week until you reach %(up_to)s.",
    "Add %(step)s every %(count)s weeks until you reach %(up_to)s.",
    "count",
)
THIS_WEEK = {
    Grows.REPS: ngettext_lazy("This week: %(count)s time.", "This week: %(count)s times.", "count"),
    Grows.HOLD: ngettext_lazy(
        "This week: hold %(count)s second.", "This week: hold %(count)s seconds.", "count"
    ),
    Grows.MINUTES: ngettext_lazy(
        "This week: %(count)s minute.", "This week: %(count)s minutes.", "count"
    ),
    Grows.SETS: ngettext_lazy("This week: %(count)s set.", "This week: %(count)s sets.", "count"),
}
THIS_WEEK_SIDE = {
    Side.EACH_LEG: ngettext_lazy(
        "This week: %(count)s time with each leg.",
        "This week: %(count)s times with each leg.",
        "count",
    ),
    Side.EACH_ARM: ngettext_lazy(
        "This week: %(count)s time with each arm.",
        "This week: %(count)s times with each arm.",
        "count",
    ),
    Side.EACH_SIDE: ngettext_lazy(
        "This week: %(count)s time to each side.",
        "This week: %(count)s times to each side.",
        "count",
    ),
}


def _said(sentences, with_side, grows, side):
    """The sentence for the growing number: with its side when times grow for an
    exercise done with each leg, each arm or to each side."""
    if Grows(grows) == Grows.REPS and side:
        return with_side[Side(side)]
    return sentences[Grows(grows)]


def describe_progression(*, grows, start, step, every_weeks, up_to, side=""):
    """'Start with 5 times. Add 1 each week until you reach 10.' in the active language;
    'Start with 5 times with each leg. ...' for times with a side."""
    first = _said(START, START_SIDE, grows, side) % {"count": start}
    then = ADD % {"count": every_weeks, "step": step, "up_to": up_to}
    return f"{first} {then}"


def number_in_week(*, start, step, every_weeks, up_to, week):
    """The number for week `week` (0: the first week), never past `up_to`."""
    return min(start + step * (max(week, 0) // every_weeks), up_to)


def this_week(progression, week):
    """The phone page's line for a snapshot's progression: 'This week: 7 times.' ('... with
    each leg.' when its "side" says so)."""
    numbers = {key: progression[key] for key in ("start", "step", "every_weeks", "up_to")}
    count = number_in_week(**numbers, week=week)
    sentence = _said(THIS_WEEK, THIS_WEEK_SIDE, progression["grows"], progression.get("side"))
    return sentence % {"count": count}


def _number(label, help_text):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PROGRESSION)],
        help_text=help_text,
    )


class Progression(models.Model):
    """Either no progression (every number empty) or a whole one: a number that grows."""

    grows = models.CharField(
        "progression", max_length=10, choices=Grows.choices, blank=True, default=Grows.NONE
    )
    grow_start = _number("start at", "The first week's number.")
    grow_step = _number("add", "How much to add each time.")
    grow_every_weeks = models.PositiveSmallIntegerField(
        "every (weeks)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PROGRESSION_WEEKS)],
    )
    grow_up_to = _number("up to", "The number to stop at.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_progression_whole",
                condition=Q(
                    grows="",
                    grow_start__isnull=True,
                    grow_step__isnull=True,
                    grow_every_weeks__isnull=True,
                    grow_up_to__isnull=True,
                )
                | (
                    ~Q(grows="")
                    # A NULL compared is no refusal in SQL: each number named.
                    & Q(
                        grow_start__isnull=False,
                        grow_step__isnull=False,
                        grow_every_weeks__isnull=False,
                        grow_up_to__isnull=False,
                    )
                    & Q(
                        grow_start__gte=1,
                        grow_step__gte=1,
                        grow_every_weeks__gte=1,
                        grow_up_to__gt=models.F("grow_start"),
                    )
                ),
            ),
        ]

    PROGRESSION_FIELDS = ["grows", "grow_start", "grow_step", "grow_every_weeks", "grow_up_to"]

    def progression_values(self):
        return {name: getattr(self, name) for name in self.PROGRESSION_FIELDS}

    def progression(self):
        """The progression as a snapshot stores it, or None."""
        if not self.grows:
            return None
        return {
            "grows": self.grows,
            "start": self.grow_start,
            "step": self.grow_step,
            "every_weeks": self.grow_every_weeks,
            "up_to": self.grow_up_to,
        }

    def describe_progression(self):
        progression = self.progression()
        if progression is None:
            return ""
        return describe_progression(
            grows=progression["grows"],
            start=progression["start"],
            step=progression["step"],
            every_weeks=progression["every_weeks"],
            up_to=progression["up_to"],
            side=getattr(self, "side", ""),
        )
