"""Signing in and out, two-factor sign-in, passwords, invitations and signed-in sessions: shared
by every audience, under /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tandem.accounts import views

urlpatterns = [
    path("login/", views.TandemLoginView.as_view(), name="login"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("sessions/", views.signed_in_sessions, name="signed_in_sessions"),
    path("language/", views.account_language, name="account_language"),
    path(
        "password/forgotten/",
        views.TandemPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.TandemPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/",
        views.TandemPasswordChangeView.as_view(),
        name="password_change",
    ),
]
