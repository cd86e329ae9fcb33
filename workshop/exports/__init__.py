"""Builders of the files organizers download."""
