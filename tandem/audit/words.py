"""The audit trail in plain words: what each action code means to the person reading the trail.

Every code that Tandem writes has its words here; ``tandem/audit/tests/test_action_words.py``
reads the code base for the codes it writes and fails when one is missing. The words are written
for staff ("the client's record"); a client reading their own trail sees "your record".
"""

from __future__ import annotations

from typing import Any

ACTION_WORDS: dict[str, str] = {
    # Signing in and the account
    "login": "signed in",
    "logout": "signed out",
    "password.change": "changed their password",
    "password.reset": "reset their password",
    "sessions.end": "signed out their other devices",
    "two_factor.on": "turned on two-factor sign-in",
    "two_factor.off": "turned off two-factor sign-in",
    "two_factor.failed": "gave a wrong two-factor code",
    "two_factor.locked": "was paused after too many wrong two-factor codes",
    "two_factor.recovery_code_used": "signed in with a recovery code",
    "token.create": "made an API token",
    "token.revoke": "revoked an API token",
    # The practice and its people
    "practice.create": "set up the practice",
    "practice.people.view": "looked at the practice's people",
    "practice.clients.view": "looked at the practice's list of clients",
    "practice.two_factor": "changed whether staff must use two-factor sign-in",
    "practice.reminders.update": "changed the practice's reminder settings",
    "practice.safety.update": "changed the practice's crisis information",
    "practice.room.update": "changed how handed-over devices lock",
    "practice.links.update": "changed the practice's questionnaire link settings",
    "practice.texts.update": "changed the practice's text message settings",
    "practice.risk.view": "looked at the practice's risk alerts",
    "practice.log.view": "looked at the practice log",
    "schedule.set": "changed the collection schedule",
    "invitation.create": "sent an invitation",
    "invitation.withdraw": "withdrew an invitation",
    "invitation.accept": "accepted an invitation",
    "role.add": "took on a new role",
    "role.accept": "tried to take on a new role with a wrong password",
    "supervision.set": "set who supervises a therapist",
    "supervision.remove": "ended a supervision",
    "supervision.view": "looked at a supervision page",
    "demo.seed": "filled the practice with demonstration data",
    # The client's record
    "client.create": "added the client",
    "client.view": "looked at the client's record",
    "client.list": "saw the client's name in a list of clients",
    "client.assign": "changed who the client's therapist is",
    "client.sharing": "changed what the client shares",
    "client.erase": "erased the client's record",
    "caseload.view": "looked at a caseload",
    "episode.open": "opened an episode",
    "episode.view": "looked at an episode",
    "episode.list": "read the client's episodes in a list",
    "episode.scores": "read the scores of an episode",
    "episode.problem": "changed the problem an episode is about",
    "episode.pause_request": "asked to pause therapy",
    "episode.paused": "paused the client's therapy",
    "episode.resumed": "resumed the client's therapy",
    "episode.ended": "ended an episode",
    "session.create": "recorded a session",
    "session.view": "looked at a session",
    "session.list": "read the client's sessions in a list",
    "session.correct": "corrected a session",
    "session.delete": "deleted a session",
    "session.import": "imported a session",
    "response.create": "saved answers",
    "response.view": "looked at answers",
    "response.list": "read the client's answers in a list",
    "response.repeat": "sent answers already saved for a session",
    "response.import": "imported answers",
    "response.enter": "entered answers the client gave on paper, by phone or aloud",
    "response.room": "saved the answers the client gave on their handed-over device",
    "responses.link": "took up their login, which now holds the answers given before it",
    "scores.import": "imported scores from a file",
    "fhir.import": "imported a FHIR file",
    "goal.create": "added a goal",
    "goal.update": "updated a goal",
    "plan.create": "added a practice plan",
    "plan.update": "changed a practice plan",
    "risk.raise": "raised a risk alert",
    "risk.acknowledge": "followed up an answer",
    "risk.escalate": "escalated a risk alert",
    "alert.list": "read the list of alerts",
    "safety_plan.view": "looked at the client's safety plan",
    "safety_plan.update": "updated the client's safety plan",
    "reminder.send": "sent the client a reminder",
    "link.create": "made a questionnaire link for the client",
    "link.open": "opened the client's questionnaire link",
    "link.answer": "answered a questionnaire through the client's link",
    "link.revoke": "withdrew the client's questionnaire link",
    "link.support.view": "looked at the crisis page from the client's questionnaire link",
    # Text messages (tandem/sms)
    "sms.send": "sent the client a text message",
    "sms.not_sent": "did not send the client a text message",
    "sms.number.add": "gave a mobile number for text messages",
    "sms.code.send": "asked for a new code to confirm their mobile number",
    "sms.code.wrong": "typed a wrong code to confirm their mobile number",
    "sms.number.verify": "confirmed their mobile number",
    "sms.reminders_by": "chose how reminders reach them",
    "sms.number.remove": "removed their mobile number",
    "sms.status": "heard from the text message gateway how a text to the client went",
    "sms.stop": "stopped texts to the client's number, which replied STOP",
    "sms.email_instead": "emailed the client a reminder, because a reminder text did not get through",
    "sms.view": "looked at how texts reach the client",
    "sms.list": "read the list of the client's texts (when each went and how far it got)",
    "portal.view": "opened their portal",
    "portal.progress.view": "looked at their progress",
    "portal.practice.view": "looked at their practice plan",
    "portal.support.view": "looked at the crisis and support page",
    "selfcare.view": "looked at their self-care check",
    # A device handed to the client in the room (tandem/room)
    "room.hand_over": "handed their device to the client to answer questionnaires",
    "room.answer": "had a questionnaire answered by the client on their handed-over device",
    "room.support.view": "had the crisis information shown to the client on their handed-over "
    "device",
    "room.lock": "locked a handed-over device",
    "room.idle_lock": "had a handed-over device lock after it was left untouched",
    "room.unlock": "unlocked a handed-over device",
    "room.unlock_failed": "gave a wrong password or PIN to unlock a handed-over device",
    "room.signed_out": "was signed out after too many wrong tries to unlock a handed-over device",
    "room.gone": "was signed out of a handed-over device whose handover no longer existed",
    "room.handovers": "looked at when the client's session was handed over on a device",
    "room.abandoned": "had a handed-over device closed by Tandem after it was left and not "
    "unlocked",
    # The follow-up check-in after the ending (tandem/followup)
    "followup.open": "opened a follow-up check-in for the client",
    "followup.remind": "emailed the client that a follow-up check-in is waiting",
    "followup.view": "opened their follow-up check-in",
    "followup.read": "looked at a follow-up check-in of the client",
    "followup.list": "read the client's follow-up check-ins in a list",
    "returning.request": "asked the therapist to get in touch again after a follow-up",
    "returning.acknowledge": "saw the client's request to come back",
    "returning.close": "closed the client's request to come back",
    "returning.view": "looked at the client's request to come back",
    "returning.list": "saw the client's request to come back in a list",
    "returning.repeat": "sent again a change to the client's request to come back, already made",
    "practice.returning.view": "looked at the former clients asking to come back",
    "transcript.analyse": "sent a transcript to be analysed",
    "transcript.analysed": "finished analysing a transcript",
    "transcript.view": "looked at a transcript analysis",
    # Reports and exports
    "report.progress.view": "looked at the client's progress report",
    "report.progress.pdf": "downloaded the client's progress report",
    "report.practice.view": "looked at the practice report",
    "report.alert_replay.view": "looked at the alert check",
    "report.outcomes": "read an outcomes report",
    "audit.view": "looked at the audit trail",
    "export": "exported data",
}

OUTCOME_WORDS = {"ok": "", "denied": "refused"}

# The practice log: what an admin changed about the practice, by kind (the filter's choices).
ADMIN_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "schedules": ("Collection schedules", ("schedule.set",)),
    "two-factor": ("Two-factor sign-in", ("practice.two_factor",)),
    "assignments": (
        "Therapists and supervisors",
        ("client.assign", "supervision.set", "supervision.remove"),
    ),
    "roles": ("Roles", ("role.add",)),
    "invitations": (
        "Invitations",
        ("invitation.create", "invitation.withdraw", "invitation.accept"),
    ),
    "erasure": ("Erasure", ("client.erase",)),
    "settings": (
        "Reminders, crisis information, handed-over devices, links and texts",
        (
            "practice.reminders.update",
            "practice.safety.update",
            "practice.room.update",
            "practice.links.update",
            "practice.texts.update",
        ),
    ),
}
ADMIN_CODES = tuple(code for _, codes in ADMIN_KINDS.values() for code in codes)


def words(action: str, *, for_client: bool = False) -> str:
    """The action in plain words; ``for_client`` speaks to the client ("your record")."""
    text = ACTION_WORDS.get(action) or action.replace(".", " ").replace("_", " ")
    if for_client:
        text = text.replace("the client's", "your").replace("the client", "you")
    return text


def details(action: str, detail: dict[str, Any], names: dict[int, str]) -> str:
    """What exactly changed, for the practice log (``names``: people's names by id)."""
    if action == "schedule.set":
        from tandem.measures import registry

        instrument = registry.get(detail.get("instrument", ""))
        name = instrument.short_title if instrument else detail.get("instrument", "")
        return f"{name}: {'collected' if detail.get('active') else 'not collected'}"
    if action == "practice.two_factor":
        if detail.get("require"):
            return f"required, with {detail.get('grace_days', 0)} days' grace"
        return "no longer required"
    if action == "client.assign":
        return f"to {names.get(detail.get('therapist', 0), 'a therapist')}"
    if action in ("supervision.set", "supervision.remove"):
        return f"supervisor: {names.get(detail.get('supervisor', 0), 'a supervisor')}"
    if action in ("role.add", "invitation.create", "invitation.withdraw") and "role" in detail:
        return f"role: {detail['role']}"
    if action == "client.erase" and "audit_records_erased" in detail:
        count = detail["audit_records_erased"]
        return (
            f"personal details taken out of {count} audit record{'s' if count != 1 else ''}; "
            "what was done, when and by whom is kept"
        )
    return ""
