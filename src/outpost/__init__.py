"""Outpost: listen to customers on public social networks and turn posts into work."""

__version__ = "0.1.0"
