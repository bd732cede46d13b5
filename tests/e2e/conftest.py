"""Browser tests: real Chromium from the system (/usr/bin/chromium), driven by Playwright.

Playwright never downloads a browser here. Under CI=true a missing Chromium fails the run
instead of skipping the browser tests.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("MOTCUA_TEST_ARTIFACTS", "test-artifacts"))


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI", "").lower() == "true":
            raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}")
        skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1366, "height": 768},
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def screenshot(page, request):
    """Save a screenshot as a test artifact; the compliance report links it as evidence."""

    def take(label: str, target=None) -> Path:
        """Full page by default; pass a Locator as ``target`` to capture one element."""
        name = re.sub(r"[^\w.-]+", "_", f"{request.node.name}-{label}")[:150]
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if target is None:
            page.screenshot(path=str(path), full_page=True)
        else:  # a Locator (or another page): its own extent only
            target.screenshot(path=str(path))
        request.node.user_properties.append(("artifact", str(path)))
        return path

    return take


@pytest.fixture
def axe(page):
    """Run axe-core (served from the installed package, never a CDN) on the current page.

    Returns the violations of impact "serious" or "critical", formatted for an assertion message.
    """
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def run(context=None) -> list[str]:
        results = checker.run(page, context=context)
        serious = [
            v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(
                n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                for n in v["nodes"][:5]
            )
            for v in serious
        ]

    return run
