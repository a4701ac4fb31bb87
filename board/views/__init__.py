"""Blueprints: thin views that parse a form, call one action or query, then redirect or render."""
