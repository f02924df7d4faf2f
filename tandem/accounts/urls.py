from django.contrib.auth import views as auth_views
from django.urls import path

from tandem.accounts import views
from tandem.accounts.forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("sessions/", views.signed_in_sessions, name="signed_in_sessions"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
]
