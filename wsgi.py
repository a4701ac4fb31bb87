"""WSGI entry point: `gunicorn wsgi:app`."""

from board import create_app

app = create_app()
