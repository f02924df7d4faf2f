"""What a supervisor sees of each therapist they supervise: only the clients who agreed to share.

The rows are the therapist's own caseload rows (the same alerts, in the same order, from the same
builder), built only from the clients the supervisor may see: nothing of another client is
read. The summary counts the themes a supervision conversation starts from: who is not on track,
where the relationship dipped or the two views differ, who may be ready to finish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Supervision, User
from tandem.care.caseload import CaseloadRow, build_caseload
from tandem.care.models import Client
from tandem.policy import clinical_clients, risk_alerts_for
from tandem.safety.models import RiskAlert

# Alert kinds grouped into the themes the summary counts, in the order they are shown.
THEMES: tuple[tuple[Any, frozenset[str]], ...] = (
    (_("not on track or getting worse"), frozenset({"not_on_track", "deterioration"})),
    (_("a dip in the partnership"), frozenset({"rupture"})),
    (_("client and therapist see the sessions differently"), frozenset({"gap"})),
    (
        _("relying more on therapy"),
        frozenset({"reliance_rising", "feeling_better_not_getting_better"}),
    ),
    (_("practising little between sessions"), frozenset({"low_engagement"})),
    (_("may be ready to finish"), frozenset({"ready_to_graduate"})),
)


@dataclass
class TherapistGroup:
    therapist: User
    caseload_size: int
    rows: list[CaseloadRow] = field(default_factory=list)
    # Open risk alerts of the therapist's clients who share with the supervisor, escalated ones
    # first; those of clients who do not share are only counted here (this page names only
    # sharing clients) and are read on the practice's risk page (tandem.policy.risk_alerts_for).
    risks: list[RiskAlert] = field(default_factory=list)
    other_risks: int = 0
    other_escalated: int = 0

    @property
    def escalated(self) -> int:
        return sum(1 for r in self.risks if r.escalated_at)

    @property
    def needing_attention(self) -> int:
        return sum(1 for row in self.rows if row.attention)

    @property
    def sharing_sentence(self) -> str:
        """'1 of 2 clients shares with you; 0 need attention.' The noun follows the caseload,
        the verb the clients who share, so each count picks its own plural form."""
        counts = {"shared": len(self.rows), "total": self.caseload_size}
        if self.caseload_size == 1:
            shares = ngettext(
                "%(shared)s of %(total)s client shares with you",
                "%(shared)s of %(total)s client share with you",
                len(self.rows),
            )
        else:
            shares = ngettext(
                "%(shared)s of %(total)s clients shares with you",
                "%(shared)s of %(total)s clients share with you",
                len(self.rows),
            )
        if not self.rows:
            return f"{shares % counts}."
        attention = ngettext(
            "%(count)s needs attention", "%(count)s need attention", self.needing_attention
        ) % {"count": self.needing_attention}
        return gettext("%(shares)s; %(attention)s.") % {
            "shares": shares % counts,
            "attention": attention,
        }

    @property
    def other_risks_sentence(self) -> str:
        """How many open risk alerts belong to clients who do not share (only counted here)."""
        if self.other_escalated:
            text = ngettext(
                "%(count)s open risk alert (%(escalated)s escalated to you) for a client who "
                "does not share their record:",
                "%(count)s open risk alerts (%(escalated)s escalated to you) for clients who "
                "do not share their record:",
                self.other_risks,
            )
        else:
            text = ngettext(
                "%(count)s open risk alert for a client who does not share their record:",
                "%(count)s open risk alerts for clients who do not share their record:",
                self.other_risks,
            )
        return text % {"count": self.other_risks, "escalated": self.other_escalated}

    @property
    def themes(self) -> list[tuple[str, int]]:
        """(theme, number of shared clients with it), for the themes that occur."""
        counts = []
        for label, kinds in THEMES:
            n = sum(1 for row in self.rows if any(a.kind in kinds for a in row.alerts))
            if n:
                counts.append((label, n))
        return counts


def supervision_groups(supervisor: User) -> list[TherapistGroup]:
    therapists = list(
        User.objects.filter(
            pk__in=Supervision.objects.filter(supervisor=supervisor).values("therapist")
        ).order_by("full_name", "email")
    )
    visible = set(
        clinical_clients(supervisor).filter(therapist__in=therapists).values_list("pk", flat=True)
    )
    risks: dict[int, list[RiskAlert]] = {}
    for alert in (
        risk_alerts_for(supervisor)
        .filter(acknowledged_at__isnull=True)
        .select_related("client")
        .order_by("escalated_at", "raised_at")
    ):
        therapist_id = alert.therapist_id or alert.client.therapist_id
        risks.setdefault(therapist_id, []).append(alert)
    for found in risks.values():
        found.sort(key=lambda a: (a.escalated_at is None, a.raised_at))
    groups = []
    for therapist in therapists:
        rows = build_caseload(therapist, include_ended=True, only=visible)
        theirs = risks.get(therapist.pk, [])
        others = [a for a in theirs if a.client_id not in visible]
        groups.append(
            TherapistGroup(
                therapist=therapist,
                caseload_size=Client.objects.filter(therapist=therapist).count(),
                rows=rows,
                risks=[a for a in theirs if a.client_id in visible],
                other_risks=len(others),
                other_escalated=sum(1 for a in others if a.escalated_at),
            )
        )
    return groups
