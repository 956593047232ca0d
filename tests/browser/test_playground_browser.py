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
    # Slack's day dividers, in time order: Wednesday's nudge, Thursday's reminder, Monday's.
    shows("Monday, December 7")
    dividers = [d.text for d in browser.find_elements(By.CSS_SELECTOR,
                                                       "[data-testid=day-divider]")]
    assert dividers == ["Wednesday, December 2", "Thursday, December 3", "Monday, December 7"]
    browser.save_screenshot(str(shots / "2-nudge.png"))

    reflect = browser.find_elements(By.CSS_SELECTOR, "button[data-action-id=open_reflection]")
    reflect[-1].click()
    css("[data-testid=modal] fieldset[data-block-id=rating] input[value='4']").click()
    text = css("[data-testid=modal] textarea[data-block-id=reflection]")
    text.send_keys("I mapped the risks with the team before we started :tada:")
    browser.save_screenshot(str(shots / "3-reflect.png"))
    css("[data-testid=modal-submit]").click()
    wait.until(seen.invisibility_of_element_located((By.CSS_SELECTOR,
                                                     "[data-testid=modal]")))
    shows("Reflected ✓")

    css("[data-testid=person-U01MAYA]").click()
    css("[data-testid=view-channel]").click()
    css("[data-testid=command-input]").send_keys("/techlead digest", Keys.ENTER)
    shows("Team reflection")
    shows("I mapped the risks with the team before we started 🎉")
    browser.save_screenshot(str(shots / "4-digest.png"))


def test_typed_text_shows_as_typed_and_shortcodes_as_emoji(browser, playground):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.get(playground)
    box = wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR,
                                                   "[data-testid=command-input]")))
    box.send_keys("/techlead <!channel> :tada: `:tada:`", Keys.ENTER)
    wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=messages]"),
                                                  "I don't know the topic"))
    echo, answer = browser.find_elements(By.CSS_SELECTOR, "[data-testid=message] .msg-content")
    # The echo is the person's own text: "<!channel>" is text, not an @channel mention.
    assert "/techlead <!channel>" in echo.text
    assert not echo.find_elements(By.CSS_SELECTOR, ".mk-mention")
    # The bot's mrkdwn answer: :tada: is an emoji, but not inside code.
    assert "🎉" in answer.text
    codes = [c.text for c in answer.find_elements(By.CSS_SELECTOR, ".mk-code")]
    assert ":tada:" in codes, codes


def test_on_a_phone_the_messages_get_the_width(browser, playground, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)
    browser.set_window_size(375, 740)
    browser.get(playground + "/#dm")
    wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=messages]"),
                                                  "This week:"))
    assert browser.execute_script("return innerWidth") == 375

    def width(selector: str) -> float:
        return browser.execute_script(
            "return document.querySelector(arguments[0]).getBoundingClientRect().width",
            selector)

    assert width("[data-testid=messages]") >= 300
    assert width("[data-testid=message] .msg-content") >= 250  # words, not a letter a line
    assert browser.execute_script(
        "return document.documentElement.scrollWidth") <= 375, "nothing scrolls sideways"
    sidebar = browser.find_element(By.ID, "sidebar")
    assert not sidebar.is_displayed()
    browser.save_screenshot(str(shots / "5-phone.png"))

    # The sidebar is a drawer: open it, jump the clock; it closes and the DM shows the nudge.
    toggle = browser.find_element(By.CSS_SELECTOR, "[data-testid=menu-toggle]")
    toggle.click()
    wait.until(seen.visibility_of(sidebar))
    assert toggle.get_attribute("aria-expanded") == "true"
    wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR,
                                             "[data-testid=jump-next_nudge]"))).click()
    wait.until(seen.invisibility_of_element(sidebar))
    wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR,
                                                   "[data-testid=header-clock]"), "Mon 07 Dec"))
    wait.until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=messages]"),
                                                  "Monday, December 7"))
    toggle.click()
    wait.until(seen.element_to_be_clickable((By.CSS_SELECTOR,
                                             "[data-testid=view-channel]"))).click()
    wait.until(seen.invisibility_of_element(sidebar))
    assert width("[data-testid=command-input]") >= 250
