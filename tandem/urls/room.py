"""The room, under /room/: what a client sees on the therapist's device, handed to them for one
session's questionnaires (one at a time, then the locked screen). While a device is handed over,
these are the only pages it reaches (tandem.room.middleware); without a handover each is not found.
"""

from django.urls import path

from tandem.room import views as room

urlpatterns = [
    path("", room.room, name="room"),
    path("answer/<slug:instrument_id>/", room.respond, name="room_respond"),
    path("support/", room.support, name="room_support"),
    path("still-here/", room.still_here, name="room_still_here"),
    path("lock/", room.lock, name="room_lock"),
    path("unlock/", room.unlock, name="room_unlock"),
]
