"""Journeys through the real product in Debian Chromium, driven by Playwright."""
