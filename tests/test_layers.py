"""The apps depend one way only, from the top layer down (README, "What is here"):

    bench -> rehab -> phone -> records -> handouts -> programs -> education -> exercises
          -> audit -> core

A module may import its own layer and the layers below it, never one above. String
references (a ForeignKey to "programs.Patient", permission names) are not imports."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist, engines

LAYERS = [
    "bench",
    "rehab",
    "phone",
    "records",
    "handouts",
    "programs",
    "education",
    "exercises",
    "audit",
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
