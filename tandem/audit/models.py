"""The audit trail: who saw or changed which client's data, when, from where, with what outcome.

A record is written as a plain insert in the transaction of the change it describes, and is sealed
into a hash chain soon after (``tandem.audit.chain.seal``): it then gets its place in the chain
(``seq``) and carries the hash of the record before it, so that altering or removing a sealed record
breaks the chain (``tandem.audit.chain.verify``). ``seq`` is empty until then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    practice_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    client_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=20, default="ok")
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    # The record's place in the hash chain: 1, 2, 3 … in the order records were sealed, which is
    # the order their transactions committed as far as the sealer could see (not always id order).
    seq = models.BigIntegerField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The sealer's work list: the few records not yet in the chain, found without a scan.
            models.Index(fields=["id"], name="audit_unsealed", condition=models.Q(seq__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    @property
    def sealed(self) -> bool:
        return self.seq is not None
