"""The apps depend one way only, from the top layer down (README, "What is here"):

    bench -> rehab -> records -> phone -> handouts -> outcomes -> programs -> library
          -> audit -> clinics -> core

A module may import its own layer and the layers below it, never one above; and a model's
relations (foreign keys, one-to-ones, many-to-manys, also those named by a string such as
"clinics.Patient") point only at its own layer or below."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, engines

LAYERS = [
    "bench",
    "rehab",
    "records",
    "phone",
    "handouts",
    "outcomes",
    "programs",
    "library",
    "audit",
    "clinics",
    "core",
]


def imports_of(path):
    """The top-level names of our packages that the module at `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield top, node.lineno


def test_no_module_imports_a_layer_above_its_own():
    root = Path(settings.BASE_DIR)
    upward = []
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            for imported, line in imports_of(path):
                if LAYERS.index(imported) < LAYERS.index(layer):
                    upward.append(f"{path.relative_to(root)}:{line} imports {imported}")
    assert upward == []


def upward_relations(models, layers=LAYERS):
    """Relations declared on `models` that point at a model of a higher layer."""
    for model in models:
        layer = model._meta.app_label
        for field in model._meta.get_fields(include_hidden=True):
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_label
            if target in layers and layers.index(target) < layers.index(layer):
                yield f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"


def test_no_model_points_at_a_layer_above_its_own():
    ours = [model for model in apps.get_models() if model._meta.app_label in LAYERS]
    assert len({model._meta.app_label for model in ours}) >= 6
    assert list(upward_relations(ours)) == []


def test_the_check_sees_an_upward_relation():
    """With the layers upside down, the exercise's clinic and the patient's conditions
    (declared on Condition) would point up: the check must say so."""
    from library.models import Condition, Exercise

    found = list(upward_relations([Exercise, Condition], layers=LAYERS[::-1]))
    assert "library.Exercise.clinic -> clinics.Clinic" in found
    assert "library.Condition.patients -> clinics.Patient" in found


def test_the_named_concepts_live_in_their_layers():
    """The structure's names: where a newcomer would look for each."""
    homes = {
        "clinics": ["Clinic", "Therapist", "Patient"],
        "library": ["Exercise", "Protocol", "Sheet", "Condition", "FavouriteExercise"],
        "programs": ["Program", "ProgramItem", "ProgramSheet"],
        "handouts": ["IssuedHandout", "HandoutPDF"],
        "phone": ["PatientLink", "ExerciseTick", "DayFeeling"],
        "audit": ["AuditEvent"],
    }
    for app_label, names in homes.items():
        for name in names:
            assert apps.get_model(app_label, name)._meta.app_label == app_label


def test_the_check_sees_an_upward_import(tmp_path):
    """The walk above proves something only if it catches one."""
    module = tmp_path / "upward.py"
    module.write_text("from programs.models import Patient\nimport core.svg\n")
    assert list(imports_of(module)) == [("programs", 1), ("core", 2)]


def test_every_package_of_ours_has_a_layer():
    root = Path(settings.BASE_DIR)
    packages = {path.parent.name for path in root.glob("*/__init__.py")}
    assert packages - {"tests"} == set(LAYERS)


@pytest.mark.parametrize(
    ("engine", "other_engines_template"),
    [("django", "programs/item_row.jinja"), ("jinja2", "programs/patient_list.html")],
)
def test_each_template_engine_finds_only_its_own_templates(engine, other_engines_template):
    with pytest.raises(TemplateDoesNotExist):
        engines[engine].get_template(other_engines_template)
