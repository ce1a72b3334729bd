"""Notices to filers without an account (public form, Open311, calls the office files): an SMS and, when
given, an email on reply and on closure, sent by the worker so a failing gateway never blocks the reply."""
