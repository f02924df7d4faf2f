"""A transcript's analysis, and the transcript itself while it waits for the worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TranscriptAnalysis(models.Model):
    """A transcript sent to the API and what the analyser made of it (seen only by its sender).

    The transcript itself is not kept, only the analysis: while it waits for the worker
    (``queued``) its text is held in :class:`PendingTranscript`, deleted with the
    same commit that stores the result.
    """

    QUEUED, DONE, FAILED = "queued", "done", "failed"
    STATUSES = [(QUEUED, "Being analysed"), (DONE, "Done"), (FAILED, "Failed")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcript_analyses"
    )
    name = models.CharField(max_length=200, blank=True)
    # Set when the transcript was attached to a session in the web app: then it is part of the
    # client's record and follows the record's permission policy.
    session = models.ForeignKey(
        "care.Session",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="transcript_analyses",
    )
    format = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=STATUSES)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table kept its name when the model moved here from the API app (issue 18).
        db_table = "api_transcriptanalysis"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Transcript analysis {self.pk} ({self.status})"


class PendingTranscript(models.Model):
    """An uploaded transcript waiting for the worker to analyse it.

    Kept apart from the analysis so that the transcript's text lives only until its analysis is
    stored: the task that stores the result deletes this row in the same transaction.
    """

    analysis = models.OneToOneField(
        TranscriptAnalysis, on_delete=models.CASCADE, related_name="pending"
    )
    text = models.TextField()
    speakers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The table kept its name when the model moved here from the tasks app (issue 18).
        db_table = "tasks_pendingtranscript"

    def __str__(self) -> str:
        return f"Transcript waiting for analysis {self.analysis_id}"
