"""Indonesian first: every text in the code and templates has an Indonesian translation."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "workshop/translations/id/LC_MESSAGES/messages.po"


def test_every_extracted_message_is_translated(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", str(template), "."], cwd=ROOT, check=True)
    with open(template, "rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with open(CATALOG, "rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string and "fuzzy" not in m.flags}
    assert sorted(wanted - translated) == []
