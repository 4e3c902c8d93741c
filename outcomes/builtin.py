"""The built-in measures as data: the Patient-Specific Functional Scale, the Numeric Pain
Rating Scale and a Global Rating of Change, in English and Spanish (our own words). The
migration 0002 adds them to a new database from its own frozen copy; `ensure_builtin`
puts back any that are missing (a test database flushed by a transactional test, or an
install whose rows were deleted), used by seed_demo and the tests. Their minimal important
changes and sources: README, "Outcome measures"."""

from django.db import transaction

from .models import Measure, MeasureItem

BUILTIN = [
    {
        "slug": "psfs",
        "short_name": "PSFS",
        "kind": "activities",
        "scale_min": 0,
        "scale_max": 10,
        "scoring": "mean",
        "direction": "higher",
        "mic": "2.00",
        "rates_change": False,
        "source": "Stratford et al., Physiotherapy Canada 1995;47:258-263; MIC of the mean "
        "score 2 points: Horn et al., J Orthop Sports Phys Ther 2012;42(1):30-42.",
        "en": {
            "name": "Patient-Specific Functional Scale",
            "instructions": "Think of 3 to 5 activities that are hard for you because of your "
            "problem. For each one, choose how well you can do it today.",
            "low_label": "Unable to do it",
            "high_label": "As well as before the problem",
        },
        "es": {
            "name": "Escala funcional específica del paciente",
            "instructions": "Piense en 3 a 5 actividades que le cuestan por su problema. Para "
            "cada una, elija qué tan bien puede hacerla hoy.",
            "low_label": "No puedo hacerla",
            "high_label": "Tan bien como antes del problema",
        },
        "items": [],
    },
    {
        "slug": "nprs",
        "short_name": "Pain",
        "kind": "items",
        "scale_min": 0,
        "scale_max": 10,
        "scoring": "sum",
        "direction": "lower",
        "mic": "2.00",
        "rates_change": False,
        "source": "MIC 2 points: Farrar et al., Pain 2001;94:149-158; Childs, Piva and Fritz, "
        "Spine 2005;30(11):1331-1334.",
        "en": {
            "name": "Numeric Pain Rating Scale",
            "instructions": "",
            "low_label": "No pain",
            "high_label": "Worst pain you can imagine",
        },
        "es": {
            "name": "Escala numérica del dolor",
            "instructions": "",
            "low_label": "Sin dolor",
            "high_label": "El peor dolor que pueda imaginar",
        },
        "items": [
            (
                "On average, how much pain have you had in the last 24 hours?",
                "En promedio, ¿cuánto dolor ha tenido en las últimas 24 horas?",
            )
        ],
    },
    {
        "slug": "groc",
        "short_name": "Change",
        "kind": "items",
        "scale_min": -7,
        "scale_max": 7,
        "scoring": "sum",
        "direction": "higher",
        "mic": "3.00",
        "rates_change": True,
        "source": "Jaeschke, Singer and Guyatt, Control Clin Trials 1989;10:407-415; "
        "Kamper, Maher and Mackay, J Man Manip Ther 2009;17(3):163-170.",
        "en": {
            "name": "Global Rating of Change",
            "instructions": "",
            "low_label": "A very great deal worse",
            "high_label": "A very great deal better",
        },
        "es": {
            "name": "Valoración global del cambio",
            "instructions": "",
            "low_label": "Muchísimo peor",
            "high_label": "Muchísimo mejor",
        },
        "items": [
            (
                "Since your care here began, how is your problem now?",
                "Desde que empezó su tratamiento aquí, ¿cómo está su problema ahora?",
            )
        ],
    },
]


@transaction.atomic
def ensure_builtin():
    """Adds each built-in measure that is missing (by slug); leaves existing ones as they
    are (an operator may have corrected a translation). Returns the built-in measures."""
    have = set(Measure.objects.filter(clinic__isnull=True).values_list("slug", flat=True))
    for spec in BUILTIN:
        if spec["slug"] in have:
            continue
        words = {}
        for field in ("name", "instructions", "low_label", "high_label"):
            words[f"{field}_en"] = spec["en"][field]
            words[f"{field}_es"] = spec["es"][field] or None
        fixed = {k: v for k, v in spec.items() if k not in ("en", "es", "items")}
        measure = Measure.objects.create(clinic=None, **fixed, **words)
        for order, (english, spanish) in enumerate(spec["items"]):
            MeasureItem.objects.create(
                measure=measure, order=order, text_en=english, text_es=spanish
            )
    return {m.slug: m for m in Measure.objects.filter(clinic__isnull=True)}
