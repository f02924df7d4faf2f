"""Questionnaire reminders: the practice's reminder policy (its settings page), which clients are
due a reminder now (due), and the jobs that claim and send them (tasks)."""
