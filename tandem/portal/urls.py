from django.urls import path

from tandem.portal import views

urlpatterns = [
    path("", views.home, name="portal_home"),
    path("sessions/<int:pk>/<slug:instrument_id>/", views.respond, name="portal_respond"),
    path("goals/<int:pk>/progress/", views.goal_progress, name="portal_goal_progress"),
    path("practice/", views.practice, name="portal_practice"),
    path("practice/<int:pk>/log/", views.log_practice, name="portal_log_practice"),
    path("pause/", views.request_pause, name="portal_pause"),
    path("settings/", views.settings_view, name="portal_settings"),
    path("settings/my-record/", views.my_record, name="portal_my_record"),
]
