from django.urls import path

from tandem.accounts import views

urlpatterns = [
    path("", views.practice_people, name="practice_people"),
    path("invite/", views.practice_invite, name="practice_invite"),
    path(
        "invitations/<int:pk>/resend/",
        views.practice_invitation_resend,
        name="practice_invitation_resend",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        views.practice_invitation_withdraw,
        name="practice_invitation_withdraw",
    ),
    path("two-factor/", views.practice_two_factor, name="practice_two_factor"),
    path("clients/", views.practice_clients, name="practice_clients"),
    path("clients/<int:pk>/", views.practice_client, name="practice_client"),
    path("clients/<int:pk>/assign/", views.practice_assign, name="practice_assign"),
    path("clients/<int:pk>/erase/", views.practice_erase_client, name="practice_erase_client"),
    path("supervision/", views.practice_supervision, name="practice_supervision"),
    path("instruments/", views.practice_schedules, name="practice_schedules"),
]
