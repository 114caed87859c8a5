"""Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the session, a fresh context (cookies, storage) for each test. Playwright's sync
API runs an event loop in the main thread, which makes Django refuse ORM calls from that thread
("you cannot call this from an async context"); the tests and the database fixtures are plain
synchronous code, so the check is switched off while the browser runs, and only then.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("YIWANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"  # git-ignored
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium and fonts-wqy-microhei)"
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_locale():
    """The visitor's browser language (Accept-Language); override in a test module to change it."""
    return "zh-CN"


@pytest.fixture
def context(browser, live_server, transactional_db, browser_locale):
    context = browser.new_context(
        base_url=live_server.url, locale=browser_locale, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def screenshot(page, request):
    """`screenshot("zh-hans")` saves a full-page PNG as test-results/<test>-<n>-<label>.png."""
    RESULTS.mkdir(exist_ok=True)
    taken = []

    def take(label):
        taken.append(label)
        path = RESULTS / f"{request.node.name}-{len(taken)}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
