"""Tandem: feedback-informed therapy in which both people in the room give and use feedback."""

__version__ = "0.1.0"
