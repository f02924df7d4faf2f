"""Tandem's addresses, by audience: the clinic (therapists and supervisors), the practice's
administration (/practice/), the client portal (/portal/), a device handed to a client in the
room (/room/), the SMS gateway (/sms/), and the pages every audience shares (signing in, personal questionnaire links, API
tokens, the API, health checks, Django's admin). Each audience's module imports its views from
the apps that own them; names and paths are the public contract, tests pin them."""

from django.contrib import admin
from django.urls import include, path

from tandem.api import views as api_views
from tandem.api.api import api
from tandem.web import views as web

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", web.readyz, name="readyz"),
    # Early: Django tries the patterns in order, and the API (questionnaires sent from phones) is
    # the busiest path; nothing else starts with api/v1/.
    path("api/v1/", api.urls),
    path("accounts/", include("tandem.urls.accounts")),
    path("practice/", include("tandem.urls.practice")),
    path("portal/", include("tandem.urls.portal")),
    path("room/", include("tandem.urls.room")),
    # Personal questionnaire links: short, as they travel in emails and text messages.
    path("l/", include("tandem.urls.links")),
    # The SMS gateway's delivery reports and replies (STOP), signed with a shared secret.
    path("sms/", include("tandem.urls.sms")),
    path("", include("tandem.urls.clinic")),
    # Personal access tokens for the API, for practice staff.
    path("settings/tokens/", api_views.tokens, name="api_tokens"),
    path("settings/tokens/<int:pk>/revoke", api_views.revoke, name="api_token_revoke"),
    path("django-admin/", admin.site.urls),
]
