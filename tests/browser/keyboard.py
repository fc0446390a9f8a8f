"""Keyboard-only driving of the pages: Tab, typing, arrow keys, Space and Enter.

Fields are reached by pressing Tab from wherever the focus is, so a field that the keyboard cannot
reach fails the test. Dates are typed digit by digit into the browser's date fields, as a
clinician would. `KeyCounter` counts what a clinician's hands did, from the page's own events.
"""

import datetime
import re

from playwright.sync_api import Locator, Page, expect

from tests.factories import PASSWORD


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def settled(page: Page) -> None:
    """Wait for the page's scripts to have run. A heading can show before them on a loaded
    machine; a Tab pressed then moves the focus off the body before static/js/entry.js can put
    it on the first field, and Ctrl+Enter finds no shortcut yet: the count would depend on the
    machine's load."""
    page.wait_for_load_state("domcontentloaded")


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until `target` has the focus; fail if the keyboard never gets there."""
    settled(page)
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def shift_tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Shift+Tab until `target` has the focus: for a control before the focused field."""
    settled(page)
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Shift+Tab")
    raise AssertionError(f"{target} cannot be reached with Shift+Tab")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


# The order of a date field's parts follows the browser's own locale, not the page's: learnt
# once by typing a probe date, then overwritten part by part.
PROBE_VALUES = {"2003-01-02": "%m%d%Y", "2003-02-01": "%d%m%Y"}
date_format: dict[str, str] = {}


def learn_date_order(page: Page) -> None:
    """Learn the order once, on a date field of our own that no form posts, so that the probe's
    keystrokes are never a clinician's (KeyCounter.reset calls this)."""
    if "order" in date_format:
        return
    page.evaluate(
        """() => { const probe = document.createElement("input");
          probe.type = "date"; probe.id = "date-order-probe"; probe.ariaLabel = "Probe";
          document.body.append(probe); probe.focus(); }"""
    )
    page.keyboard.type("01022003")
    probe = page.locator("#date-order-probe").input_value()
    page.evaluate("() => document.getElementById('date-order-probe').remove()")
    assert probe in PROBE_VALUES, f"unexpected order of date parts: 01022003 gave {probe}"
    date_format["order"] = PROBE_VALUES[probe]


def type_date(page: Page, target: Locator, date: datetime.date) -> None:
    tab_to(page, target)
    if target.get_attribute("type") == "text":  # a date known to a year, month or day
        # Typed without its dashes, as the page takes it (static/js/partial_dates.js), unless
        # the field is a day-only one; leaving the field writes it out.
        compact = target.get_attribute("data-partial-date") is not None
        page.keyboard.type(date.strftime("%Y%m%d") if compact else date.isoformat())
        return
    if "order" not in date_format:
        page.keyboard.type("01022003")
        probe = target.input_value()
        assert probe in PROBE_VALUES, f"unexpected order of date parts: 01022003 gave {probe}"
        date_format["order"] = PROBE_VALUES[probe]
        page.keyboard.press("Shift+Tab")  # back over the year and month parts to the first
        page.keyboard.press("Shift+Tab")
    page.keyboard.type(date.strftime(date_format["order"]))
    expect(target).to_have_value(date.isoformat())


def type_name(page: Page, target: Locator, name: str) -> None:
    """A drug's name, typed until the page has completed it (static/js/drug_names.js) or it is
    all typed; Tab then keeps the completion."""
    tab_to(page, target)
    for length, letter in enumerate(name, start=1):
        page.keyboard.type(letter)
        if length < len(name) and target.input_value() == name:
            return
    expect(target).to_have_value(name)


def choose(page: Page, select: Locator, label: str, practised: bool = False) -> None:
    """Pick an option of a <select> by typing the start of its label, as a keyboard user does:
    the whole label, or (`practised`) only the few letters that reach it."""
    tab_to(page, select)
    if practised:
        options, selected = select.evaluate(
            "s => [Array.from(s.options, o => o.text.trim()), s.selectedIndex]"
        )
        page.keyboard.type(fewest_letters(options, selected, label))
    else:
        page.keyboard.type(label)
    expect(select.locator("option:checked")).to_have_text(label)


def typed_into_select(options: list[str], selected: int, typed: str) -> int:
    """The option a closed <select> shows after `typed`, by Chromium's type-ahead: a letter
    typed again steps to the next option starting with it; other letters extend a prefix that is
    looked for from the option shown (a first letter: from the one after it)."""
    buffer = ""
    for letter in typed.lower():
        cycling = buffer != "" and set(buffer) == {letter}
        buffer += letter
        prefix, offset = (letter, 1) if cycling or len(buffer) == 1 else (buffer, 0)
        for step in range(len(options)):
            index = (max(selected, 0) + offset + step) % len(options)
            if options[index].lower().startswith(prefix):
                selected = index
                break
    return selected


def fewest_letters(options: list[str], selected: int, label: str) -> str:
    """The shortest typing that shows `label`: the start of the label, or its first letter as
    many times as it takes."""
    target = options.index(label)
    candidates = [label[:length].lower() for length in range(1, len(label) + 1)]
    candidates += [label[0].lower() * count for count in range(2, len(options) + 1)]
    return min(
        (typed for typed in candidates if typed_into_select(options, selected, typed) == target),
        key=len,
    )


def pick_radio(page: Page, name: str, value: str, practised: bool = False) -> None:
    """Tab into a radio group (the focus lands on the checked one) and arrow to `value`, or
    (`practised`) take the fewer keys of the arrows and the label's first letter, which the page
    steps through the answers starting with it (static/js/radio_keys.js)."""
    tab_to(page, page.locator(f'input[name="{name}"]:checked'))
    target = page.locator(f'input[name="{name}"][value="{value}"]')
    key = "ArrowRight"
    if practised:
        labels, checked, wanted = page.evaluate(
            """([name, value]) => {
              const group = Array.from(document.querySelectorAll(`input[name="${name}"]`));
              const labels = group.map(r => r.labels[0].textContent.trim().toLowerCase());
              return [labels, group.findIndex(r => r.checked),
                      group.findIndex(r => r.value === value)];
            }""",
            [name, value],
        )
        count = len(labels)
        arrows = (wanted - checked) % count
        letter = labels[wanted][0]
        letters = sum(label[0] == letter for label in rotated(labels, checked, wanted))
        if letters < arrows:
            key = letter
    for _ in range(8):
        if target.is_checked():
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reaches {name}={value}")


def rotated(labels: list[str], after: int, until: int) -> list[str]:
    """The labels met going round from the one after `after` up to `until`, inclusive."""
    met, index = [], after
    while True:
        index = (index + 1) % len(labels)
        met.append(labels[index])
        if index == until:
            return met


def tick(page: Page, name: str, value: str) -> None:
    tab_to(page, page.locator(f'input[name="{name}"][value="{value}"]'))
    page.keyboard.press("Space")
    expect(page.locator(f'input[name="{name}"][value="{value}"]')).to_be_checked()


def press_button(page: Page, name: str, key: str = "Enter") -> None:
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    page.keyboard.press(key)


def expect_step(page: Page, title: str) -> None:
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    settled(page)


def row_field(page: Page, prefix: str, index: int, name: str) -> Locator:
    return page.locator(f'[name="{prefix}-{index}-{name}"]')


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").focus()  # the one place the focus is put, to start
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()


# Counted in the page from trusted events: a key press (modifiers alone are not keystrokes, so
# Shift+Tab is one) and a pointer click (a click made by Enter or Space has detail 0). Kept in
# sessionStorage, so the count survives the page loads of one tab.
COUNTING_SCRIPT = """
(() => {
  const bump = (name) => {
    const value = parseInt(sessionStorage.getItem(name) || "0", 10) + 1;
    sessionStorage.setItem(name, String(value));
  };
  document.addEventListener("keydown", (event) => {
    if (event.isTrusted && !["Shift", "Control", "Alt", "Meta"].includes(event.key)) {
      bump("__keystrokes");
    }
  }, true);
  document.addEventListener("click", (event) => {
    if (event.isTrusted && event.detail > 0) bump("__clicks");
  }, true);
})();
"""


class KeyCounter:
    """What a clinician's hands did in one tab: keystrokes and pointer clicks."""

    def __init__(self, page: Page):
        self.page = page
        page.context.add_init_script(COUNTING_SCRIPT)

    def reset(self) -> None:
        learn_date_order(self.page)  # else the first test of a run would count the probe
        self.page.evaluate(
            "() => { sessionStorage.removeItem('__keystrokes');"
            " sessionStorage.removeItem('__clicks'); }"
        )

    def counts(self) -> tuple[int, int]:
        self.page.wait_for_load_state()
        keys, clicks = self.page.evaluate(
            "() => [sessionStorage.getItem('__keystrokes'), sessionStorage.getItem('__clicks')]"
        )
        return int(keys or 0), int(clicks or 0)
