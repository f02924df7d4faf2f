from django.urls import path

from tandem.accounts import views

urlpatterns = [
    path("", views.practice_people, name="practice_people"),
    path("invite/", views.practice_invite, name="practice_invite"),
    path("two-factor/", views.practice_two_factor, name="practice_two_factor"),
    path("clients/", views.practice_clients, name="practice_clients"),
    path("clients/<int:pk>/assign/", views.practice_assign, name="practice_assign"),
    path("clients/<int:pk>/erase/", views.practice_erase_client, name="practice_erase_client"),
    path("supervision/", views.practice_supervision, name="practice_supervision"),
    path("instruments/", views.practice_schedules, name="practice_schedules"),
]
