from django.urls import path

from tandem.audit import views

urlpatterns = [
    path("portal/who-has-seen-my-record/", views.who_viewed, name="portal_who_viewed"),
    path("practice/clients/<int:pk>/audit/", views.client_audit, name="client_audit"),
    path("practice/log/", views.practice_log, name="practice_log"),
]
