from django.urls import path

from tandem.api import views

urlpatterns = [
    path("", views.tokens, name="api_tokens"),
    path("<int:pk>/revoke", views.revoke, name="api_token_revoke"),
]
