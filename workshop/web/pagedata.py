"""The constants the server owns, handed to every page once (page data's `constants`).

The scripts in static/js read these instead of copying them: the six dimensions, the phases, the
voting methods with their defaults, and the limits the services enforce. See static/js/common/page.js.
"""
from dataclasses import asdict

from ..domain import dimensions
from ..exports.tables import METHOD_LABELS
from ..messages import phase_label
from ..models import HORIZONS, LIVE_PHASES, PHASES
from ..services.moderation import MERGE_PHASES
from ..services.pace import MAX_TIMER_SECONDS
from ..services.participation import (DESCRIPTION_MAX, MASTERPLAN_TEXT_FIELDS, NAME_MAX, ORGANIZATION_MAX,
                                      TITLE_MAX)
from ..services.workshops import DEFAULT_CRITERIA, EDITABLE_PHASES
from ..voting import Rules
from .forms import MAX_CRITERIA
from ..voting import WORD_MAX
from ..voting.methods import (MAX_WORDS_LIMIT, POLL_LABEL_MAX, POLL_OPTIONS_MAX, POLL_OPTIONS_MIN, SCORE_MAX, SCORE_MIN,
                              SETTINGS, WIRE_KEYS)



def page_constants() -> dict:
    """Dimensions, phases, methods (label, wire key, defaults) and limits, in the user's language."""
    defaults = asdict(Rules())
    return {
        "dimensions": dimensions(),
        "phases": [{"key": p, "label": phase_label(p)} for p in PHASES],
        "live_phases": list(LIVE_PHASES),
        "merge_phases": list(MERGE_PHASES),
        "editable_phases": list(EDITABLE_PHASES),
        "methods": {key: {"label": str(label), "wire_key": WIRE_KEYS[key],
                          "defaults": {name: defaults[name] for name in SETTINGS[key]}}
                    for key, label in METHOD_LABELS.items()},
        "score": {"min": SCORE_MIN, "max": SCORE_MAX},
        "default_criteria": [{"key": k, "label": label, "weight": w} for k, label, w in DEFAULT_CRITERIA],
        "horizons": list(HORIZONS),
        "limits": {
            "proposal_title": TITLE_MAX, "proposal_description": DESCRIPTION_MAX,
            "participant_name": NAME_MAX, "organization": ORGANIZATION_MAX, "criterion_label": 80, "criterion_key": 40,
            "max_criteria": MAX_CRITERIA, "timer_seconds": MAX_TIMER_SECONDS,
            "plan_fields": dict(MASTERPLAN_TEXT_FIELDS),
            "poll_options": {"min": POLL_OPTIONS_MIN, "max": POLL_OPTIONS_MAX}, "poll_label": POLL_LABEL_MAX,
            "word": WORD_MAX, "max_words": MAX_WORDS_LIMIT,
        },
    }
