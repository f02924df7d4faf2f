"""Writing the demo's history through the product's own actions, dated in the past.

An action stamps its rows and its audit records with the moment it runs. The demo runs it, then
moves what it wrote to the moment the story needs, inside the seed's one transaction: the audit
records are not sealed into the hash chain until that commits, so the chain covers the dates they
end up with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db.models import Max

from tandem.audit.models import AuditEvent


@contextmanager
def audited_at(when: datetime) -> Iterator[None]:
    """The audit records written inside the block are dated ``when``."""
    before = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    yield
    AuditEvent.objects.filter(id__gt=before, seq__isnull=True).update(at=when)
