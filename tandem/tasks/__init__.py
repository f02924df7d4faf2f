"""Background work: the `tandem worker`, its periodic jobs, and questionnaire reminders.

Tasks are django-tasks tasks on the database backend: a task is a row written in the same
transaction as the change that asked for it, so nothing is lost between a commit and a queue.
"""
