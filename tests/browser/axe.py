"""axe-core in the browser tests: every page a test loads is checked against WCAG 2.1 A/AA.

axe-core is vendored (tests/browser/vendor/axe.min.js, version in its header, MPL-2.0 licence
beside it) because CI has no guaranteed npm. Update with `npm pack axe-core` and copy the file.
"""

import json
from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Runs on every load of an app page (top frame only): checks it once it has settled and reports
# through a binding. Runs one at a time, because axe refuses to run twice at once.
AUTO_CHECK = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  // Our pages only: a PDF opens in the browser's own viewer, which is not our markup.
  if (document.contentType && document.contentType !== "text/html") return;
  window.__axeIdle = Promise.resolve();
  window.__axeCheck = (label) => {
    window.__axeIdle = window.__axeIdle.then(() => axe.run(document, __RULES__).then(
      (r) => window.__axeReport(label, r.violations.map((v) => ({
        id: v.id, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
      })))));
    return window.__axeIdle;
  };
  window.addEventListener('load', () => window.__axeCheck(location.pathname + ' (on load)'));
})();
""".replace("__RULES__", json.dumps(RULES))


def format_violations(found: list[tuple[str, list[dict]]]) -> str:
    lines = []
    for label, violations in found:
        for violation in violations:
            lines.append(f"{label}: {violation['id']} ({violation['help']})")
            for node in violation["nodes"][:5]:
                summary = " ".join(node["summary"].split())[:300]
                lines.append(f"    {node['target']}: {summary}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more nodes")
    return "\n".join(lines)


class AxeRecorder:
    def __init__(self):
        self.found: list[tuple[str, list[dict]]] = []
        self.pages_checked = 0

    def report(self, source, label, violations):
        self.pages_checked += 1
        if violations:
            self.found.append((label, violations))

    def install(self, context):
        context.add_init_script(script=AXE_SOURCE)
        context.add_init_script(script=AUTO_CHECK)
        context.expose_binding("__axeReport", self.report)


def assert_accessible(page, label: str | None = None) -> None:
    """Check the page in its current state now (for states reached without a page load)."""
    recorder: AxeRecorder = page.context._axe_recorder
    before = len(recorder.found)
    page.evaluate("(label) => window.__axeCheck(label)", label or page.url + " (now)")
    new = recorder.found[before:]
    assert not new, "axe-core WCAG 2.1 A/AA violations:\n" + format_violations(new)
