"""Counts and trends over what the pipeline stored."""
