"""The clinical core: plain typed Python with no Django imports and no I/O beyond reading files.

Instruments, scoring, outcomes, alliance and transcripts live here so that a clinician-scientist
can read every rule next to its source, and so the same rules run in a request, a task or a command.
"""
