"""The audit trail: who saw or changed which client's data, when, from where, with what outcome.

A record is written as a plain insert in the transaction of the change it describes, and is sealed
into a hash chain soon after (``tandem.audit.chain.seal``): it then gets its place in the chain
(``seq``) and carries the hash of the record before it, so that altering or removing a sealed record
breaks the chain (``tandem.audit.chain.verify``). ``seq`` is empty until then.

A record's fields are of two kinds. The accountable ones (when, who by number, which practice and
client by number, what, to which object, with what outcome) are hashed into the chain as they are
and stay for good. The personal ones (``actor_label``, ``ip``, ``detail``) are hashed only through
``personal_digest``, a hash of them with the record's own random ``salt``: erasing a client blanks
them and the salt in every record about the client (``tandem.audit.redaction``), and the chain still
verifies, because its hashes cover the digest, which stays.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_salt() -> str:
    """A fresh random key for one record's personal digest (see ``AuditEvent.salt``)."""
    return secrets.token_hex(32)


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Who, by number: kept when their account is deleted (no constraint, nothing cascades), as it
    # is hashed into the chain; ``actor`` is then None when read with select_related.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
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
    # The personal fields' hash and its key: sha256(salt + canonical JSON of actor_label, ip and
    # detail), worked out when the record is sealed and covered by ``hash``. Erasure empties the
    # salt with the fields, so the digest can no longer be tested against guessed values.
    salt = models.CharField(max_length=64, blank=True, default=new_salt)
    personal_digest = models.CharField(max_length=64, blank=True)
    # Set when the personal fields were erased: the id of the erasure's own audit record.
    redacted_by = models.BigIntegerField(null=True, blank=True)

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

    @property
    def redacted(self) -> bool:
        return self.redacted_by is not None
