"""Each measure's trend for the patient page and the progress report: the scores in day
order, the first and last, the change, the flag against the MIC, and a small SVG chart
drawn here (no chart library: a polyline, a band and a few labels)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join

from .models import AnswerSet, Discharge, Flag, Measure, Scoring

WIDTH, HEIGHT, PAD = 320, 120, 28


def plain(number):
    """A Decimal as people write it: 6.5, 4, -3 (never 4.00 or 1E+1)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Trend:
    measure: object
    points: list = field(default_factory=list)  # (day, score), oldest first

    @property
    def first(self):
        return self.points[0][1]

    @property
    def last(self):
        return self.points[-1][1]

    @property
    def change(self):
        return self.last - self.first

    @property
    def flag(self):
        if len(self.points) < 2 and not self.measure.rates_change:
            return None
        return Flag(self.measure.flag(self.first, self.last))

    @property
    def rows(self):
        """(day, score) as the data table prints them, formatted here: with two years of
        weekly answers, template filters on each cell cost more than the rest of the page."""
        return [(f"{day:%b} {day.day}, {day.year}", plain(score)) for day, score in self.points]

    @property
    def flag_label(self):
        return self.flag.label if self.flag else "One answer so far: no change to show yet"

    def scale(self):
        """The chart's vertical range: the score's range on the measure's scale, widened to
        any score outside it (a sum of several items)."""
        measure = self.measure
        low, high = Decimal(measure.scale_min), Decimal(measure.scale_max)
        if measure.scoring == Scoring.PERCENT:
            low, high = Decimal(0), Decimal(100)
        scores = [score for _, score in self.points]
        return min([low, *scores]), max([high, *scores])

    def description(self):
        """The chart's text alternative."""
        measure = self.measure
        first_day, last_day = self.points[0][0], self.points[-1][0]
        if len(self.points) == 1:
            only = plain(self.first)
            return f"{measure.short_name}: one answer, {only} on {first_day:%-d %b %Y}."
        return (
            f"{measure.short_name} from {plain(self.first)} on {first_day:%-d %b %Y} to "
            f"{plain(self.last)} "
            f"on {last_day:%-d %b %Y}, {len(self.points)} answers; minimal important change "
            f"{plain(measure.mic)}: {self.flag_label.lower()}."
        )

    def svg(self):
        """The chart as SVG markup (escaped; safe to place in a page or a PDF)."""
        low, high = self.scale()
        span = (high - low) or Decimal(1)
        days = [day for day, _ in self.points]
        first_day = days[0]
        day_span = max((days[-1] - first_day).days, 1)

        def x(day):
            return PAD + (WIDTH - 2 * PAD) * (day - first_day).days / day_span

        def y(score):
            return HEIGHT - PAD + (-(HEIGHT - 2 * PAD) * float((score - low) / span))

        # The band: within the MIC of the first score (of 0, for a rating of change), the
        # change that does not count.
        centre = Decimal(0) if self.measure.rates_change else self.first
        top = y(min(high, centre + self.measure.mic))
        bottom = y(max(low, centre - self.measure.mic))
        coords = " ".join(f"{x(day):.1f},{y(score):.1f}" for day, score in self.points)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3.5" fill="#1f4e79"/>',
            ((f"{x(day):.1f}", f"{y(score):.1f}") for day, score in self.points),
        )
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
            'height="{h}" role="img" aria-label="{label}" class="trend-chart">'
            "<title>{label}</title>"
            '<rect x="{pad}" y="{top}" width="{inner}" height="{band}" '
            'fill="#dbe9f6"/>'
            '<line x1="{pad}" y1="{base}" x2="{right}" y2="{base}" stroke="#666"/>'
            '<text x="2" y="{ytop}" font-size="10" fill="#333">{high}</text>'
            '<text x="2" y="{base}" font-size="10" fill="#333">{low}</text>'
            '<polyline points="{coords}" fill="none" stroke="#1f4e79" stroke-width="2"/>'
            "{dots}"
            '<text x="{pad}" y="{h_label}" font-size="10" fill="#333">{first_day}</text>'
            '<text x="{right}" y="{h_label}" font-size="10" fill="#333" '
            'text-anchor="end">{last_day}</text>'
            "</svg>",
            w=WIDTH,
            h=HEIGHT,
            label=self.description(),
            pad=PAD,
            top=f"{top:.1f}",
            inner=WIDTH - 2 * PAD,
            band=f"{max(bottom - top, 1):.1f}",
            base=f"{y(low):.1f}",
            ytop=f"{y(high) + 4:.1f}",
            right=WIDTH - PAD,
            high=plain(high),
            low=plain(low),
            coords=coords,
            dots=dots,
            h_label=HEIGHT - 6,
            first_day=f"{first_day:%-d %b}",
            last_day=f"{days[-1]:%-d %b}",
        )


def patient_trends(patient, *, since=None):
    """Each measure the patient answered, as a Trend, in the measures' order: the answer
    sets' days and scores (one query, plain tuples: two years of weekly answers are
    hundreds of rows) and, when there are any, their measures (one more), however many
    sets there are."""
    sets = AnswerSet.objects.filter(patient=patient)
    if since is not None:
        sets = sets.filter(day__gte=since)
    points = {}
    for measure_id, day, score in sets.order_by("day", "pk").values_list(
        "measure_id", "day", "score"
    ):
        points.setdefault(measure_id, []).append((day, score))
    if not points:
        return []
    measures = Measure.objects.filter(pk__in=points).order_by("clinic_id", "name")
    return [Trend(measure, points[measure.pk]) for measure in measures]


@dataclass
class PatientOutcomes:
    """The patient page's outcome section: the trends, and the current program with its
    discharge (None while the patient is in care)."""

    trends: list
    program: object = None
    discharge: object = None


def patient_outcomes(patient, *, program=None):
    """For the patient page (programs/home.py): patient_trends (1 query, 2 with answers)
    and the current program's discharge (1)."""
    discharge = None
    if program is not None:
        discharge = (
            Discharge.objects.filter(program=program).select_related("discharged_by").first()
        )
    return PatientOutcomes(patient_trends(patient), program=program, discharge=discharge)
