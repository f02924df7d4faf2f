"""The practice's administration, under /practice/: its people and invitations, clients and their
assignment, supervision, questionnaire schedules, two-factor policy, language, reminders, text messages,
risk alerts and safety settings, and the audit log."""

from django.urls import path

from tandem.accounts import practice_views as accounts
from tandem.audit import views as audit
from tandem.followup import views as followup
from tandem.links import views as links
from tandem.measures import schedule_views as schedules
from tandem.reminders import views as reminders
from tandem.room import views as room
from tandem.safety import views as safety
from tandem.sms import views as sms

urlpatterns = [
    # People and invitations
    path("", accounts.practice_people, name="practice_people"),
    path("invite/", accounts.practice_invite, name="practice_invite"),
    path(
        "invitations/<int:pk>/resend/",
        accounts.practice_invitation_resend,
        name="practice_invitation_resend",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        accounts.practice_invitation_withdraw,
        name="practice_invitation_withdraw",
    ),
    path("two-factor/", accounts.practice_two_factor, name="practice_two_factor"),
    path("language/", accounts.practice_language, name="practice_language"),
    # Clients and who sees them
    path("clients/", accounts.practice_clients, name="practice_clients"),
    path("clients/<int:pk>/", accounts.practice_client, name="practice_client"),
    path("clients/<int:pk>/assign/", accounts.practice_assign, name="practice_assign"),
    path("clients/<int:pk>/erase/", accounts.practice_erase_client, name="practice_erase_client"),
    path("clients/<int:pk>/audit/", audit.client_audit, name="client_audit"),
    path("supervision/", accounts.practice_supervision, name="practice_supervision"),
    # Questionnaires and reminders
    path("instruments/", schedules.practice_schedules, name="practice_schedules"),
    path("reminders/", reminders.practice_reminders, name="practice_reminders"),
    # Handing a device to a client in the room: its idle time and the practice PIN
    path("room/", room.practice_room, name="practice_room"),
    path("links/", links.practice_links, name="practice_links"),
    # Text messages: quiet hours, and counts of texts by delivery status
    path("texts/", sms.practice_texts, name="practice_texts"),
    # Safety
    path("risk/", safety.practice_risk, name="practice_risk"),
    path("safety/", safety.practice_safety_settings, name="practice_safety"),
    # The audit log
    path("log/", audit.practice_log, name="practice_log"),
    # Former clients asking to come back whose therapist has left
    path("returning/", followup.practice_returning, name="practice_returning"),
]
