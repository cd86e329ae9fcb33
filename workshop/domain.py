"""Fixed domain vocabulary: the default stakeholder groups and the six Smart City dimensions."""
from flask_babel import lazy_gettext as _l

from .models import DIMENSIONS

# (key, Indonesian label): the labels are proper names used as-is in both languages.
DEFAULT_GROUPS = (
    ("opd", "OPD"),
    ("desa", "Kecamatan/Desa"),
    ("relawan_tik", "Relawan TIK"),
    ("umkm", "UMKM"),
    ("akademisi", "Akademisi"),
    ("lainnya", "Lainnya"),
)

DIMENSION_LABELS = {
    "governance": ("Smart Governance", _l("Government, public services, policy")),
    "branding": ("Smart Branding", _l("Tourism, business climate, city appearance")),
    "economy": ("Smart Economy", _l("Industry, welfare, financial transactions")),
    "living": ("Smart Living", _l("Spatial harmony, health, mobility")),
    "society": ("Smart Society", _l("Community, learning, security")),
    "environment": ("Smart Environment", _l("Protection, waste, energy")),
}


def dimensions() -> list[dict]:
    """The six dimensions with their (English) names and a translated hint."""
    return [{"key": key, "label": DIMENSION_LABELS[key][0], "hint": str(DIMENSION_LABELS[key][1])}
            for key in DIMENSIONS]
