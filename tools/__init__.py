"""Maintenance scripts for the project itself (docs, screenshot); not part of the reader package."""
