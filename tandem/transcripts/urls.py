from django.urls import path

from tandem.transcripts import views

urlpatterns = [
    path("sessions/<int:pk>/transcript/", views.upload_transcript, name="upload_transcript"),
]
