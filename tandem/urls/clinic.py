"""The clinic: what therapists and supervisors use. The caseload, clients, episodes with their
goals and practice plans, sessions and the questionnaires filled in them, risk alerts and safety
plans, the self-care check, supervision, and the reports (a client's progress report, and the
practice-wide report and alert check that practice admins and supervisors read)."""

from django.urls import path

from tandem.care import views as care
from tandem.followup import views as followup
from tandem.links import views as links
from tandem.measures import views as measures
from tandem.reports import views as reports
from tandem.room import views as room
from tandem.safety import views as safety
from tandem.transcripts import views as transcripts

urlpatterns = [
    path("caseload/", care.caseload, name="caseload"),
    # Clients
    path("clients/new/", care.add_client, name="add_client"),
    path("clients/<int:pk>/", care.client_detail, name="client_detail"),
    path("clients/<int:pk>/invite/", care.invite_client, name="invite_client"),
    path("clients/<int:pk>/record/", care.client_record_download, name="client_record_download"),
    path("clients/<int:pk>/episodes/new/", care.new_episode, name="new_episode"),
    path(
        "clients/<int:pk>/safety-plan/", safety.therapist_safety_plan, name="therapist_safety_plan"
    ),
    # Episodes, their goals and practice plans
    path("episodes/<int:pk>/sessions/new/", care.new_session, name="new_session"),
    path("episodes/<int:pk>/pause/", care.pause_episode, name="pause_episode"),
    path("episodes/<int:pk>/resume/", care.resume_episode, name="resume_episode"),
    path("episodes/<int:pk>/end/", care.end_episode, name="end_episode"),
    path("episodes/<int:pk>/problem/", care.episode_problem, name="episode_problem"),
    path("episodes/<int:pk>/goals/", care.add_goal, name="add_goal"),
    path("goals/<int:pk>/", care.edit_goal, name="edit_goal"),
    path("episodes/<int:pk>/plans/", care.add_plan, name="add_plan"),
    path("plans/<int:pk>/active/", care.plan_active, name="plan_active"),
    # Sessions and the questionnaires filled in them
    path("sessions/<int:pk>/", care.session_detail, name="session_detail"),
    path("sessions/<int:pk>/correct/", care.edit_session, name="edit_session"),
    path("sessions/<int:pk>/delete/", care.delete_session, name="delete_session"),
    path("sessions/<int:pk>/respond/<slug:instrument_id>/", measures.respond, name="respond"),
    # A client's answers given on paper, by phone or aloud, entered by their therapist
    path(
        "sessions/<int:pk>/enter/<slug:instrument_id>/",
        measures.enter_answers,
        name="enter_answers",
    ),
    # Handing the device to the client for their side of the session (the room app)
    path("sessions/<int:pk>/hand-over/", room.hand_over, name="room_hand_over"),
    # Personal questionnaire links (the links app): made from the session page, withdrawn there
    # or from the practice's page of links.
    path("sessions/<int:pk>/links/", links.make_link, name="make_link"),
    path("links/<int:pk>/withdraw/", links.withdraw_link, name="withdraw_link"),
    # Risk alerts, the therapist's own check, supervision
    path("risk/<int:pk>/acknowledge/", safety.acknowledge, name="acknowledge_risk"),
    path("selfcare/", measures.selfcare, name="selfcare"),
    path("supervision/", care.supervision, name="supervision"),
    # Reports
    path("reports/episodes/<int:pk>/", reports.progress_report, name="progress_report"),
    path(
        "reports/episodes/<int:pk>/report.pdf",
        reports.progress_report_pdf,
        name="progress_report_pdf",
    ),
    path("reports/practice/", reports.practice_report, name="practice_report"),
    path("reports/practice/alerts/", reports.alert_replay, name="alert_replay"),
    # Transcript analysis (the transcripts app)
    path("sessions/<int:pk>/transcript/", transcripts.upload_transcript, name="upload_transcript"),
    # Former clients asking to come back, after a follow-up check-in
    path("returning/<int:pk>/seen/", followup.acknowledge, name="returning_acknowledge"),
    path("returning/<int:pk>/close/", followup.close, name="returning_close"),
]
