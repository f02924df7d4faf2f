from django.urls import path

from tandem.care import views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/new/", views.add_client, name="add_client"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/invite/", views.invite_client, name="invite_client"),
    path("clients/<int:pk>/record/", views.client_record_download, name="client_record_download"),
    path("clients/<int:pk>/episodes/new/", views.new_episode, name="new_episode"),
    path("episodes/<int:pk>/sessions/new/", views.new_session, name="new_session"),
    path("episodes/<int:pk>/pause/", views.pause_episode, name="pause_episode"),
    path("episodes/<int:pk>/resume/", views.resume_episode, name="resume_episode"),
    path("episodes/<int:pk>/end/", views.end_episode, name="end_episode"),
    path("episodes/<int:pk>/problem/", views.episode_problem, name="episode_problem"),
    path("episodes/<int:pk>/goals/", views.add_goal, name="add_goal"),
    path("goals/<int:pk>/", views.edit_goal, name="edit_goal"),
    path("episodes/<int:pk>/plans/", views.add_plan, name="add_plan"),
    path("plans/<int:pk>/active/", views.plan_active, name="plan_active"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/correct/", views.edit_session, name="edit_session"),
    path("sessions/<int:pk>/delete/", views.delete_session, name="delete_session"),
    path("supervision/", views.supervision, name="supervision"),
]
