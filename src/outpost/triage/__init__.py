"""Triage: label each post with sentiment, intents, urgency and language, offline.

``Triager`` is the entry point. ``outpost.triage.evaluate`` measures it on public
data sets.
"""

from outpost.triage.labels import INTENTS, SENTIMENTS, URGENCIES, Labels
from outpost.triage.triager import Triager

__all__ = ["INTENTS", "SENTIMENTS", "URGENCIES", "Labels", "Triager"]
