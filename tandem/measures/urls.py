from django.urls import path

from tandem.measures import views

urlpatterns = [
    path("sessions/<int:pk>/respond/<slug:instrument_id>/", views.respond, name="respond"),
    path("selfcare/", views.selfcare, name="selfcare"),
]
