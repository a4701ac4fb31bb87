"""A bare Flask app, the yardstick for bench/load.sh: `gunicorn --chdir bench hello:app`."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
