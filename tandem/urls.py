from django.contrib import admin
from django.urls import include, path

from tandem.api.api import api
from tandem.web import views as web

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", web.readyz, name="readyz"),
    # Early: Django tries the patterns in order, and the API (questionnaires sent from phones) is
    # the busiest path; nothing else starts with api/v1/.
    path("api/v1/", api.urls),
    path("accounts/", include("tandem.accounts.urls")),
    path("practice/", include("tandem.accounts.practice_urls")),
    path("portal/", include("tandem.portal.progress")),
    path("portal/", include("tandem.portal.urls")),
    path("reports/", include("tandem.reports.urls")),
    path("", include("tandem.safety.urls")),
    path("", include("tandem.audit.urls")),
    path("", include("tandem.reminders.urls")),
    path("", include("tandem.care.urls")),
    path("", include("tandem.transcripts.urls")),
    path("", include("tandem.measures.urls")),
    path("settings/tokens/", include("tandem.api.urls")),
    path("django-admin/", admin.site.urls),
]
