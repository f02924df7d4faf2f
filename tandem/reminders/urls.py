from django.urls import path

from tandem.reminders import views

urlpatterns = [
    path("practice/reminders/", views.practice_reminders, name="practice_reminders"),
]
