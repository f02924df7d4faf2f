"""The client portal, under /portal/: a client's questionnaires, goals, practice plan, progress,
pause requests, settings (text messages among them), their own record and who has seen it, support and their safety plan."""

from django.urls import path

from tandem.audit import views as audit
from tandem.followup import views as followup
from tandem.portal import views as portal
from tandem.portal.progress import progress
from tandem.safety import views as safety
from tandem.sms import views as sms

urlpatterns = [
    path("", portal.home, name="portal_home"),
    path("progress/", progress, name="portal_progress"),
    path("sessions/<int:pk>/<slug:instrument_id>/", portal.respond, name="portal_respond"),
    path("goals/<int:pk>/progress/", portal.goal_progress, name="portal_goal_progress"),
    # The client's practice plan: their between-session work. "practice" alone is the clinic
    # (/practice/…); the plan's old address, /portal/practice/, sends bookmarks on.
    path("practice-plan/", portal.practice_plan, name="portal_practice_plan"),
    path("practice-plan/<int:pk>/log/", portal.log_practice_plan, name="portal_log_practice_plan"),
    path("practice/", portal.practice_plan_moved, name="portal_practice_plan_moved"),
    path("pause/", portal.request_pause, name="portal_pause"),
    path("settings/", portal.settings_view, name="portal_settings"),
    path("settings/texts/", sms.portal_texts, name="portal_texts"),
    path("settings/my-record/", portal.my_record, name="portal_my_record"),
    path("who-has-seen-my-record/", audit.who_viewed, name="portal_who_viewed"),
    # Safety
    path("support/", safety.support, name="portal_support"),
    path("safety-plan/", safety.client_safety_plan, name="portal_safety_plan"),
    # The follow-up check-in after the ending
    path("follow-up/<int:pk>/", followup.check_in, name="followup_check_in"),
    path("follow-up/<int:pk>/<slug:instrument_id>/", followup.answer, name="followup_answer"),
]
