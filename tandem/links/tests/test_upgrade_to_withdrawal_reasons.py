"""A database from before links kept why they were withdrawn upgrades with each old withdrawal
given the reason on record: staff where ``revoked_by`` says so or the audit trail names a person
(whose account may since be gone), Tandem's reason where its audit record gives one, and "" (the
page's general sentence) where nothing tells. Run on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.links.models import QuestionnaireLink

BEFORE = [("links", "0003_follow_up_links")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _revoked_by_tandem(pk: int, reason: str | None, actor_id: int | None = None) -> None:
    AuditEvent.objects.create(
        actor_id=actor_id,
        actor_label="gone@harbour.test" if actor_id else "system",
        action="link.revoke",
        object_type="QuestionnaireLink",
        object_id=str(pk),
        detail={"session": 1, **({"reason": reason} if reason else {})},
    )


@pytest.mark.django_db(transaction=True)
def test_old_withdrawals_get_the_reason_on_record_through_the_upgrade(people: Any) -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    now = timezone.now()
    try:
        OldLink = old.get_model("links", "QuestionnaireLink")

        def link(name: str, revoked: bool = True, revoked_by: Any = None) -> int:
            return int(
                OldLink.objects.create(
                    practice_id=people.practice.pk,
                    client_id=people.client.pk,
                    session_id=people.session.pk,
                    user_id=people.client_user.pk,
                    token_hash=name.ljust(64, "0"),
                    via="text message",
                    expires_at=now + timedelta(days=7),
                    revoked_at=now if revoked else None,
                    revoked_by_id=revoked_by.pk if revoked_by else None,
                ).pk
            )

        staff = link("staff", revoked_by=people.therapist)
        gone = link("gone")
        _revoked_by_tandem(gone, None, actor_id=987654)  # a staff account since deleted
        emailed = link("emailed")
        _revoked_by_tandem(emailed, "emailed instead of a text that did not reach the client")
        unsent = link("unsent")
        _revoked_by_tandem(unsent, "the reminder email was not sent")
        erased_detail = link("erased")
        _revoked_by_tandem(erased_detail, None)  # personal details taken out: nothing to tell
        nothing = link("nothing")
        open_ = link("open", revoked=False)
        # Another kind of object with the same number is not read as the link's record.
        AuditEvent.objects.create(
            action="link.revoke",
            object_type="Invitation",
            object_id=str(nothing),
            detail={"reason": "emailed instead of a text that did not reach the client"},
        )
    finally:
        _migrate(latest)

    reasons = dict(QuestionnaireLink.objects.values_list("pk", "revoked_reason"))
    assert reasons == {
        staff: QuestionnaireLink.BY_STAFF,
        gone: QuestionnaireLink.BY_STAFF,
        emailed: QuestionnaireLink.SENT_BY_EMAIL,
        unsent: QuestionnaireLink.NOT_SENT,
        erased_detail: "",
        nothing: "",
        open_: "",
    }
