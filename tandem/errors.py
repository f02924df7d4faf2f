"""Errors shared by every app's actions: the one place a feature's code and its callers meet
when a request cannot be carried out. It imports nothing, so any layer may raise or catch it."""

from __future__ import annotations


class ActionError(Exception):
    """A request that cannot be carried out, with a message for the person who asked."""
