"""Triage: label each post with sentiment, intents, urgency, language and the
complaint category, offline.

``Triager`` is the entry point. ``WorkspaceHeads`` learns a workspace's corrections
on top of the shipped model. ``outpost.triage.evaluate`` and
``outpost.triage.evaluations`` measure triage on public data sets.
"""

from outpost.triage.heads import TrainingExample, WorkspaceHeads
from outpost.triage.labels import INTENTS, SENTIMENTS, URGENCIES, Labels
from outpost.triage.reasons import ReasonSpec
from outpost.triage.triager import Triager

__all__ = [
    "INTENTS",
    "SENTIMENTS",
    "URGENCIES",
    "Labels",
    "ReasonSpec",
    "TrainingExample",
    "Triager",
    "WorkspaceHeads",
]
