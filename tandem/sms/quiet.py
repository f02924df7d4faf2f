"""The practice's quiet hours: when a reminder text must wait, and until when."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tandem.sms.models import TextPolicy


def policy_for(practice_id: int) -> TextPolicy:
    """The practice's text policy, or the defaults (unsaved) if it never set one."""
    return TextPolicy.objects.filter(practice_id=practice_id).first() or TextPolicy(
        practice_id=practice_id
    )


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def quiet_until(start: time, end: time, time_zone: str, now: datetime) -> datetime | None:
    """When the quiet hours from ``start`` to ``end`` (in ``time_zone``) that ``now`` falls in
    end; None when ``now`` is not in them. Equal times mean no quiet hours."""
    if start == end:
        return None
    tz = zone(time_zone)
    local = now.astimezone(tz)
    at = local.time().replace(tzinfo=None)
    quiet = (at >= start or at < end) if start > end else (start <= at < end)
    if not quiet:
        return None
    day = local.date() if at < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=tz)


def wait_until(policy: TextPolicy, now: datetime) -> datetime | None:
    return quiet_until(policy.quiet_from, policy.quiet_until, policy.time_zone, now)
