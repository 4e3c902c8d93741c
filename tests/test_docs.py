"""The README stays short and points at guides that exist (README, "Guides")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
# A Markdown link's target: [text](target), the target up to a space, ")" or "#".
LINK = re.compile(r"\]\(([^)\s#]+)")


def links(path):
    return LINK.findall(path.read_text(encoding="utf-8"))


def test_the_readme_is_at_most_300_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines; move detail to docs/"


def test_every_guide_the_readme_links_exists_and_every_guide_is_linked():
    linked = {target for target in links(README) if target.startswith("docs/")}
    missing = sorted(target for target in linked if not (ROOT / target).is_file())
    assert missing == []
    guides = {f"docs/{path.name}" for path in DOCS.glob("*.md")}
    assert sorted(guides - linked) == []


def test_links_between_guides_lead_somewhere():
    broken = [
        f"{page.name} -> {target}"
        for page in DOCS.glob("*.md")
        for target in links(page)
        if "://" not in target and not (page.parent / target).is_file()
    ]
    assert broken == []


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    settings = (ROOT / "rehab" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z0-9_]+)\"", settings))
    assert len(names) > 20  # the pattern still finds them
    readme = README.read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
