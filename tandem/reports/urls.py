from django.urls import path

from tandem.reports import views

urlpatterns = [
    path("practice/", views.practice_report, name="practice_report"),
    path("practice/alerts/", views.alert_replay, name="alert_replay"),
    path("episodes/<int:pk>/", views.progress_report, name="progress_report"),
    path("episodes/<int:pk>/report.pdf", views.progress_report_pdf, name="progress_report_pdf"),
]
