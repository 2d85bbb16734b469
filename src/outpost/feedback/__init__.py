"""Agents' corrections of triage labels and the workspace heads learned from them."""
