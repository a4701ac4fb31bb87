"""WSGI entry point: `gunicorn wsgi:app`."""

from board import create_app
from board.screening import reader

app = create_app()
# Load the screener's second reader now (about a second), not on some pupil's first post.
reader.shipped()
