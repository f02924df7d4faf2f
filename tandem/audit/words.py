"""The audit trail in plain words: what each action code means to the person reading the trail.

Every code that Tandem writes has its words here; ``tandem/audit/tests/test_action_words.py``
reads the code base for the codes it writes and fails when one is missing. The words are written
for staff ("the client's record"); a client reading their own trail sees "your record", from
phrases of its own (``CLIENT_WORDS``). Each phrase follows the name of who did it ("Priya Raman
looked at your record") and is translated as a whole phrase; the codes themselves are never
translated. The command line and the CSV download keep the English (stable text for operators
and spreadsheets).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

ACTION_WORDS: dict[str, Promise] = {
    # Signing in and the account
    "login": _("signed in"),
    "logout": _("signed out"),
    "password.change": _("changed their password"),
    "password.reset": _("reset their password"),
    "sessions.end": _("signed out their other devices"),
    "two_factor.on": _("turned on two-factor sign-in"),
    "two_factor.off": _("turned off two-factor sign-in"),
    "two_factor.failed": _("gave a wrong two-factor code"),
    "two_factor.locked": _("was paused after too many wrong two-factor codes"),
    "two_factor.recovery_code_used": _("signed in with a recovery code"),
    "token.create": _("made an API token"),
    "token.revoke": _("revoked an API token"),
    "account.language": _("chose the language they read Tandem in"),
    # The practice and its people
    "practice.create": _("set up the practice"),
    "practice.people.view": _("looked at the practice's people"),
    "practice.clients.view": _("looked at the practice's list of clients"),
    "practice.two_factor": _("changed whether staff must use two-factor sign-in"),
    "practice.language": _("changed the practice's language"),
    "practice.reminders.update": _("changed the practice's reminder settings"),
    "practice.safety.update": _("changed the practice's crisis information"),
    "practice.room.update": _("changed how handed-over devices lock"),
    "practice.links.update": _("changed the practice's questionnaire link settings"),
    "practice.texts.update": _("changed the practice's text message settings"),
    "practice.risk.view": _("looked at the practice's risk alerts"),
    "practice.log.view": _("looked at the practice log"),
    "schedule.set": _("changed the collection schedule"),
    "invitation.create": _("sent an invitation"),
    "invitation.withdraw": _("withdrew an invitation"),
    "invitation.accept": _("accepted an invitation"),
    "role.add": _("took on a new role"),
    "role.accept": _("tried to take on a new role with a wrong password"),
    "supervision.set": _("set who supervises a therapist"),
    "supervision.remove": _("ended a supervision"),
    "supervision.view": _("looked at a supervision page"),
    "demo.seed": _("filled the practice with demonstration data"),
    # The client's record
    "client.create": _("added the client"),
    "client.view": _("looked at the client's record"),
    "client.list": _("saw the client's name in a list of clients"),
    "client.assign": _("changed who the client's therapist is"),
    "client.sharing": _("changed what the client shares"),
    "client.erase": _("erased the client's record"),
    "caseload.view": _("looked at a caseload"),
    "episode.open": _("opened an episode"),
    "episode.view": _("looked at an episode"),
    "episode.list": _("read the client's episodes in a list"),
    "episode.scores": _("read the scores of an episode"),
    "episode.problem": _("changed the problem an episode is about"),
    "episode.pause_request": _("asked to pause therapy"),
    "episode.paused": _("paused the client's therapy"),
    "episode.resumed": _("resumed the client's therapy"),
    "episode.ended": _("ended an episode"),
    "session.create": _("recorded a session"),
    "session.view": _("looked at a session"),
    "session.list": _("read the client's sessions in a list"),
    "session.correct": _("corrected a session"),
    "session.delete": _("deleted a session"),
    "session.import": _("imported a session"),
    "response.create": _("saved answers"),
    "response.view": _("looked at answers"),
    "response.list": _("read the client's answers in a list"),
    "response.repeat": _("sent answers already saved for a session"),
    "response.import": _("imported answers"),
    "response.enter": _("entered answers the client gave on paper, by phone or aloud"),
    "response.room": _("saved the answers the client gave on their handed-over device"),
    "responses.link": _("took up their login, which now holds the answers given before it"),
    "scores.import": _("imported scores from a file"),
    "fhir.import": _("imported a FHIR file"),
    "goal.create": _("added a goal"),
    "goal.update": _("updated a goal"),
    "plan.create": _("added a practice plan"),
    "plan.update": _("changed a practice plan"),
    "risk.raise": _("raised a risk alert"),
    "risk.acknowledge": _("followed up an answer"),
    "risk.escalate": _("escalated a risk alert"),
    "alert.list": _("read the list of alerts"),
    "safety_plan.view": _("looked at the client's safety plan"),
    "safety_plan.update": _("updated the client's safety plan"),
    "reminder.send": _("sent the client a reminder"),
    "link.create": _("made a questionnaire link for the client"),
    "link.open": _("opened the client's questionnaire link"),
    "link.answer": _("answered a questionnaire through the client's link"),
    "link.revoke": _("withdrew the client's questionnaire link"),
    "link.support.view": _("looked at the crisis page from the client's questionnaire link"),
    # Text messages (tandem/sms)
    "sms.send": _("sent the client a text message"),
    "sms.not_sent": _("did not send the client a text message"),
    "sms.number.add": _("gave a mobile number for text messages"),
    "sms.code.send": _("asked for a new code to confirm their mobile number"),
    "sms.code.wrong": _("typed a wrong code to confirm their mobile number"),
    "sms.number.verify": _("confirmed their mobile number"),
    "sms.reminders_by": _("chose how reminders reach them"),
    "sms.number.remove": _("removed their mobile number"),
    "sms.status": _("heard from the text message gateway how a text to the client went"),
    "sms.stop": _("stopped texts to the client's number, which replied STOP"),
    "sms.email_instead": _("emailed the client instead, because a text did not get through"),
    "sms.view": _("looked at how texts reach the client"),
    "sms.list": _("read the list of the client's texts (when each went and how far it got)"),
    "portal.view": _("opened their portal"),
    "portal.progress.view": _("looked at their progress"),
    "portal.practice.view": _("looked at their practice plan"),
    "portal.support.view": _("looked at the crisis and support page"),
    "selfcare.view": _("looked at their self-care check"),
    # A device handed to the client in the room (tandem/room)
    "room.hand_over": _("handed their device to the client to answer questionnaires"),
    "room.answer": _("had a questionnaire answered by the client on their handed-over device"),
    "room.support.view": _(
        "had the crisis information shown to the client on their handed-over device"
    ),
    "room.lock": _("locked a handed-over device"),
    "room.idle_lock": _("had a handed-over device lock after it was left untouched"),
    "room.unlock": _("unlocked a handed-over device"),
    "room.unlock_failed": _("gave a wrong password or PIN to unlock a handed-over device"),
    "room.signed_out": _(
        "was signed out after too many wrong tries to unlock a handed-over device"
    ),
    "room.gone": _("was signed out of a handed-over device whose handover no longer existed"),
    "room.handovers": _("looked at when the client's session was handed over on a device"),
    "room.abandoned": _(
        "had a handed-over device closed by Tandem after it was left and not unlocked"
    ),
    # The follow-up check-in after the ending (tandem/followup)
    "followup.open": _("opened a follow-up check-in for the client"),
    "followup.remind": _("let the client know that a follow-up check-in is waiting"),
    "followup.view": _("opened their follow-up check-in"),
    "followup.read": _("looked at a follow-up check-in of the client"),
    "followup.list": _("read the client's follow-up check-ins in a list"),
    "returning.request": _("asked the therapist to get in touch again after a follow-up"),
    "returning.acknowledge": _("saw the client's request to come back"),
    "returning.close": _("closed the client's request to come back"),
    "returning.view": _("looked at the client's request to come back"),
    "returning.list": _("saw the client's request to come back in a list"),
    "returning.repeat": _("sent again a change to the client's request to come back, already made"),
    "practice.returning.view": _("looked at the former clients asking to come back"),
    "transcript.analyse": _("sent a transcript to be analysed"),
    "transcript.analysed": _("finished analysing a transcript"),
    "transcript.view": _("looked at a transcript analysis"),
    # Reports and exports
    "report.progress.view": _("looked at the client's progress report"),
    "report.progress.pdf": _("downloaded the client's progress report"),
    "report.practice.view": _("looked at the practice report"),
    "report.alert_replay.view": _("looked at the alert check"),
    "report.outcomes": _("read an outcomes report"),
    "audit.view": _("looked at the audit trail"),
    "export": _("exported data"),
}

# The same actions said to the client reading their own trail ("your record"), each a whole
# phrase of its own: other languages do not turn "the client's" into "your" by replacing words.
CLIENT_WORDS: dict[str, Promise] = {
    "client.create": _("added you"),
    "client.view": _("looked at your record"),
    "client.list": _("saw your name in a list of clients"),
    "client.assign": _("changed who your therapist is"),
    "client.sharing": _("changed what you share"),
    "client.erase": _("erased your record"),
    "episode.list": _("read your episodes in a list"),
    "episode.paused": _("paused your therapy"),
    "episode.resumed": _("resumed your therapy"),
    "session.list": _("read your sessions in a list"),
    "response.list": _("read your answers in a list"),
    "response.enter": _("entered answers you gave on paper, by phone or aloud"),
    "response.room": _("saved the answers you gave on their handed-over device"),
    "safety_plan.view": _("looked at your safety plan"),
    "safety_plan.update": _("updated your safety plan"),
    "reminder.send": _("sent you a reminder"),
    "link.create": _("made a questionnaire link for you"),
    "link.open": _("opened your questionnaire link"),
    "link.answer": _("answered a questionnaire through your link"),
    "link.revoke": _("withdrew your questionnaire link"),
    "link.support.view": _("looked at the crisis page from your questionnaire link"),
    "sms.send": _("sent you a text message"),
    "sms.not_sent": _("did not send you a text message"),
    "sms.status": _("heard from the text message gateway how a text to you went"),
    "sms.stop": _("stopped texts to your number, which replied STOP"),
    "sms.email_instead": _("emailed you instead, because a text did not get through"),
    "sms.view": _("looked at how texts reach you"),
    "sms.list": _("read the list of your texts (when each went and how far it got)"),
    "room.hand_over": _("handed their device to you to answer questionnaires"),
    "room.answer": _("had a questionnaire answered by you on their handed-over device"),
    "room.support.view": _("had the crisis information shown to you on their handed-over device"),
    "room.handovers": _("looked at when your session was handed over on a device"),
    "followup.open": _("opened a follow-up check-in for you"),
    "followup.remind": _("let you know that a follow-up check-in is waiting"),
    "followup.read": _("looked at one of your follow-up check-ins"),
    "followup.list": _("read your follow-up check-ins in a list"),
    "returning.acknowledge": _("saw your request to come back"),
    "returning.close": _("closed your request to come back"),
    "returning.view": _("looked at your request to come back"),
    "returning.list": _("saw your request to come back in a list"),
    "returning.repeat": _("sent again a change to your request to come back, already made"),
    "report.progress.view": _("looked at your progress report"),
    "report.progress.pdf": _("downloaded your progress report"),
}

OUTCOME_WORDS = {"ok": "", "denied": _("refused")}

# The practice log: what an admin changed about the practice, by kind (the filter's choices).
ADMIN_KINDS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "schedules": (_("Collection schedules"), ("schedule.set",)),
    "two-factor": (_("Two-factor sign-in"), ("practice.two_factor",)),
    "assignments": (
        _("Therapists and supervisors"),
        ("client.assign", "supervision.set", "supervision.remove"),
    ),
    "roles": (_("Roles"), ("role.add",)),
    "invitations": (
        _("Invitations"),
        ("invitation.create", "invitation.withdraw", "invitation.accept"),
    ),
    "erasure": (_("Erasure"), ("client.erase",)),
    "settings": (
        _("Reminders, crisis information, handed-over devices, links and texts"),
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


# An action whose phrase depends on what it was about, which its record's detail says: an email
# sent instead of a text that did not get through is a questionnaire reminder or a follow-up
# check-in's notice (``purpose``, tandem.sms.models.TextMessage.PURPOSES). Each is a whole phrase
# of its own, for staff and for the client; the plain phrase above covers any other purpose.
PURPOSE_WORDS: dict[tuple[str, str], Promise] = {
    ("sms.email_instead", "reminder"): _(
        "emailed the client a reminder, because a reminder text did not get through"
    ),
    ("sms.email_instead", "follow_up"): _(
        "emailed the client that a follow-up check-in is waiting, because the text about it did "
        "not get through"
    ),
}
CLIENT_PURPOSE_WORDS: dict[tuple[str, str], Promise] = {
    ("sms.email_instead", "reminder"): _(
        "emailed you a reminder, because a reminder text did not get through"
    ),
    ("sms.email_instead", "follow_up"): _(
        "emailed you that a follow-up check-in is waiting, because the text about it did not get "
        "through"
    ),
}


# A withdrawn questionnaire link: why, as its record's detail says (``why``,
# tandem.links.models.QuestionnaireLink.REVOKED_REASONS). Withdrawn by staff reads as above.
WHY_WORDS: dict[tuple[str, str], Promise] = {
    ("link.revoke", "sent by email"): _(
        "withdrew the client's questionnaire link from a text that did not get through, because "
        "the same was emailed with a newer link"
    ),
    ("link.revoke", "not sent"): _(
        "withdrew the client's questionnaire link, because the message carrying it could not be "
        "sent"
    ),
}
CLIENT_WHY_WORDS: dict[tuple[str, str], Promise] = {
    ("link.revoke", "sent by email"): _(
        "withdrew your questionnaire link from a text that did not get through, because the same "
        "was emailed to you with a newer link"
    ),
    ("link.revoke", "not sent"): _(
        "withdrew your questionnaire link, because the message carrying it could not be sent"
    ),
}

# Which detail picks the phrase, and its phrases for staff and for the client, in that order.
_BY_DETAIL = (
    ("purpose", PURPOSE_WORDS, CLIENT_PURPOSE_WORDS),
    ("why", WHY_WORDS, CLIENT_WHY_WORDS),
)


def words(action: str, *, for_client: bool = False, detail: dict[str, Any] | None = None) -> str:
    """The action in plain words, in the reader's language; ``for_client`` speaks to the client
    ("your record"); ``detail``, the record's, picks the phrase for what it was about where that
    changes the words. A code with no words yet reads as itself, spaced out."""
    for key, for_staff, for_the_client in _BY_DETAIL:
        value = detail.get(key) if isinstance(detail, dict) else None
        if isinstance(value, str):
            said = (for_the_client if for_client else for_staff).get((action, value))
            if said is not None:
                return str(said)
    said = (CLIENT_WORDS.get(action) if for_client else None) or ACTION_WORDS.get(action)
    return str(said) if said is not None else action.replace(".", " ").replace("_", " ")


# A role as the practice log names it (the audit detail keeps the role's code).
ROLE_WORDS = {
    "therapist": _("therapist"),
    "supervisor": _("supervisor"),
    "admin": _("admin"),
    "client": _("client"),
}


def details(action: str, detail: dict[str, Any], names: dict[int, str]) -> str:
    """What exactly changed, for the practice log (``names``: people's names by id)."""
    if action == "schedule.set":
        from tandem.measures import registry

        instrument = registry.get(detail.get("instrument", ""))
        name = instrument.short_title if instrument else detail.get("instrument", "")
        if detail.get("active"):
            return gettext("%(measure)s: collected") % {"measure": name}
        return gettext("%(measure)s: not collected") % {"measure": name}
    if action == "practice.two_factor":
        if detail.get("require"):
            days = int(detail.get("grace_days", 0))
            return ngettext(
                "required, with %(days)s day's grace", "required, with %(days)s days' grace", days
            ) % {"days": days}
        return gettext("no longer required")
    if action == "client.assign":
        therapist = names.get(detail.get("therapist", 0))
        if therapist is None:
            return gettext("to a therapist")
        return gettext("to %(therapist)s") % {"therapist": therapist}
    if action in ("supervision.set", "supervision.remove"):
        supervisor = names.get(detail.get("supervisor", 0))
        if supervisor is None:
            return gettext("supervisor: a supervisor")
        return gettext("supervisor: %(supervisor)s") % {"supervisor": supervisor}
    if action in ("role.add", "invitation.create", "invitation.withdraw") and "role" in detail:
        role = ROLE_WORDS.get(detail["role"], detail["role"])
        return gettext("role: %(role)s") % {"role": role}
    if action == "client.erase" and "audit_records_erased" in detail:
        count = detail["audit_records_erased"]
        return ngettext(
            "personal details taken out of %(count)s audit record; what was done, when and by "
            "whom is kept",
            "personal details taken out of %(count)s audit records; what was done, when and by "
            "whom is kept",
            count,
        ) % {"count": count}
    return ""
