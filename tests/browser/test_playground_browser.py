"""A person in a real browser: headless Chromium (Debian's package, driven by its
chromedriver) goes from `/techlead risk` to a manager's digest in the playground.

Screenshots of each step go to $SCREENSHOT_DIR when set (the README's images come from
`SCREENSHOT_DIR=docs/screenshots make test`), else to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.playground.server import Playground
from tests.fakes.live_server import LiveServer

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="browser test skipped: Debian's chromium and chromium-driver are not installed "
           "(.ci/run installs them when it runs as root)")
WAIT = 15  # seconds for anything to appear; only a broken page ever waits that long


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium, flags as this machine needs them (no network, no sandbox as root)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,800",
                 f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def playground():
    """The playground with its demo team, on a Wednesday, served on loopback."""
    pg = Playground(Settings(), demo_history=True,
                    start=datetime(2026, 12, 2, 12, 0, tzinfo=UTC)).start()
    with LiveServer(pg) as server:
        yield server.url
    pg.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_from_asking_to_reflecting_to_the_managers_digest(browser, playground, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)

    def css(selector: str):
        return wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR, selector)))

    def shows(text: str, selector: str = "[data-testid=messages]") -> None:
        wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text))

    browser.get(playground)
    box = css("[data-testid=command-input]")
    box.send_keys("/techlead risk", Keys.ENTER)
    shows("Identifies risks in own task")
    shows("Actively hunts risks before work starts")
    browser.save_screenshot(str(shots / "1-ask.png"))

    css("[data-testid=jump-next_nudge]").click()
    shows("Mon 07 Dec", "[data-testid=clock]")
    css("[data-testid=view-dm]").click()
    shows("This week:")
    browser.save_screenshot(str(shots / "2-nudge.png"))

    reflect = browser.find_elements(By.CSS_SELECTOR, "button[data-action-id=open_reflection]")
    reflect[-1].click()
    css("[data-testid=modal] fieldset[data-block-id=rating] input[value='4']").click()
    text = css("[data-testid=modal] textarea[data-block-id=reflection]")
    text.send_keys("I mapped the risks with the team before we started.")
    browser.save_screenshot(str(shots / "3-reflect.png"))
    css("[data-testid=modal-submit]").click()
    wait.until(seen.invisibility_of_element_located((By.CSS_SELECTOR,
                                                     "[data-testid=modal]")))
    shows("Reflected ✓")

    css("[data-testid=person-U01MAYA]").click()
    css("[data-testid=view-channel]").click()
    css("[data-testid=command-input]").send_keys("/techlead digest", Keys.ENTER)
    shows("Team reflection")
    shows("I mapped the risks with the team before we started.")
    browser.save_screenshot(str(shots / "4-digest.png"))
