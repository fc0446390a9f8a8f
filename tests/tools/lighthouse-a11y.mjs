// Lighthouse's accessibility category over several pages in one Chrome (each start costs
// seconds): `node lighthouse-a11y.mjs URL...` prints, as JSON, each page's score and failing
// audits. CHROME_PATH names the browser (Debian's chromium); nothing is fetched but the URLs.
// LH_LOG=info (or verbose) shows Lighthouse's own progress on standard error.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const chromeFlags = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

// The patient's pages are server-rendered with no script: nothing changes after the load, so
// Lighthouse need not wait for the network and the CPU to stay quiet (1 s each by default, for
// its performance scores). The default "simulate" throttling keeps these at 0; "provided" or
// "devtools" would raise them to 5.25 s.
const config = {
  extends: "lighthouse:default",
  settings: {
    onlyCategories: ["accessibility"],
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    disableFullPageScreenshot: true,
  },
};

function failing(lhr) {
  return lhr.categories.accessibility.auditRefs
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({
      id: audit.id,
      title: audit.title,
      nodes: (audit.details?.items ?? []).map((item) => item.node?.snippet ?? ""),
    }));
}

const chrome = await chromeLauncher.launch({ chromeFlags });
const pages = [];
try {
  for (const url of process.argv.slice(2)) {
    const { lhr } = await lighthouse(
      url,
      { port: chrome.port, output: "json", logLevel: process.env.LH_LOG ?? "error" },
      config,
    );
    pages.push({
      url,
      score: lhr.categories.accessibility.score,
      failing: failing(lhr),
      error: lhr.runtimeError?.message ?? null,
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(pages));
