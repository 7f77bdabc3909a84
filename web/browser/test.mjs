// Loads every kind of page of a running `entente serve` in headless Chromium and fails
// on any console error, page error, failed request or error status; saves a screenshot
// of each; on the network page, picks a country and checks the drawing is redrawn.
//
// node test.mjs BASE_URL SCREENSHOT_DIR   (run by .ci/browser.sh)

import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node test.mjs BASE_URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const problems = [];
const profile = mkdtempSync(join(tmpdir(), "entente-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1100, height: 760 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const page = context.pages()[0] ?? (await context.newPage());
let where = "";
page.on("console", (message) => {
  if (message.type() === "error") {
    problems.push(`${where}: console error: ${message.text()}`);
  }
});
page.on("pageerror", (error) => problems.push(`${where}: page error: ${error.message}`));
page.on("requestfailed", (request) =>
  problems.push(`${where}: request failed: ${request.url()} ${request.failure()?.errorText}`),
);
page.on("response", (response) => {
  if (response.status() >= 400) {
    problems.push(`${where}: ${response.status()} for ${response.url()}`);
  }
  if (!response.url().startsWith(base)) {
    problems.push(`${where}: a request left the server: ${response.url()}`);
  }
});

/** Opens `path`, checks it has `selector`, saves a screenshot `name.png`. */
async function visit(name, path, selector) {
  where = `${name} (${path})`;
  const response = await page.goto(base + path, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    problems.push(`${where}: status ${response?.status()}`);
  }
  if ((await page.locator(selector).count()) === 0) {
    problems.push(`${where}: no ${selector}`);
  }
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** The first link on `path` whose href starts with `prefix`. */
async function firstLink(path, prefix) {
  where = `links of ${path}`;
  await page.goto(base + path, { waitUntil: "load" });
  const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
  if (!href) {
    throw new Error(`no link to ${prefix} on ${path}`);
  }
  return href;
}

try {
  await visit("home", "/", "ul.counts");
  await visit("search", "/search?q=corridor", "mark");
  await visit("actors", "/actors", "table.list");
  await visit("actor", await firstLink("/", "/actor/"), "figure.chart svg rect");
  await visit("meetings", "/meetings", "ul.meetings li");
  await visit("meeting", await firstLink("/meetings", "/meeting/"), "ul.evidence li");
  await visit("statements", "/statements?q=corridor", "ul.statements li");
  await visit("statement", await firstLink("/statements", "/statement/"), "blockquote.words");
  await visit("organisations", "/organisations", "table.list");
  await visit("organisation", await firstLink("/organisations", "/organisation/"), "dl.facts");
  await visit("initiatives", "/initiatives", "table.list");
  await visit("initiative", await firstLink("/initiatives", "/initiative/"), "figure.chart");
  await visit("documents", "/documents", "table.list");
  await visit("document", await firstLink("/documents", "/document/"), "article.text a.m-actor");
  await visit("network", "/network", "#network-graph circle");

  // A filter redraws the network in place and puts itself in the address.
  where = "network filter";
  const graph = page.locator("#network-graph");
  const before = await graph.getAttribute("data-filter");
  const nodesBefore = Number(await graph.getAttribute("data-nodes"));
  const options = await page.locator("#network-filters select[name=country] option").evaluateAll(
    (all) => all.map((option) => option.value).filter((value) => value !== ""),
  );
  const country = options.includes("CHN") ? "CHN" : options[0];
  if (!country) {
    problems.push(`${where}: no country to choose`);
  } else {
    await page.selectOption("#network-filters select[name=country]", country);
    await page.waitForFunction(
      (old) => document.querySelector("#network-graph")?.getAttribute("data-filter") !== old,
      before,
      { timeout: 10_000 },
    );
    const after = await page.locator("#network-graph").getAttribute("data-filter");
    const nodesAfter = Number(await page.locator("#network-graph").getAttribute("data-nodes"));
    if (!after.includes(`country=${country}`)) {
      problems.push(`${where}: drawing shows ${after}, not country ${country}`);
    }
    if (!page.url().includes(`country=${country}`)) {
      problems.push(`${where}: address ${page.url()} lacks the filter`);
    }
    if (!(nodesAfter > 0 && nodesAfter <= nodesBefore)) {
      problems.push(`${where}: ${nodesBefore} nodes before, ${nodesAfter} after`);
    }
    await page.screenshot({ path: join(shots, "network-filtered.png"), fullPage: true });
  }
  // A refused filter shows its message and keeps the drawing.
  await page.fill("#network-filters input[name=from]", "2025-99");
  where = "network bad filter (a 400 is expected here)";
  const kept = problems.length;
  await page.click("#network-filters button[type=submit]");
  await page.waitForFunction(
    () => (document.querySelector("#network-status")?.textContent ?? "") !== "",
    null,
    { timeout: 10_000 },
  );
  // The 400 of the refused filter (and the console line Chromium writes for it) is the
  // expected answer, not a problem.
  await page.waitForTimeout(500);
  problems.splice(kept);
  const status = await page.locator("#network-status").textContent();
  if (!status.includes("from")) {
    problems.push(`${where}: status says ${status}`);
  }

  // README pictures: the viewport only, so the files stay small.
  where = "readme pictures";
  await page.goto(base + "/network", { waitUntil: "load" });
  await page.screenshot({ path: join(shots, "readme-network.png") });
  await page.goto(base + (await firstLink("/search?q=erdogan", "/actor/")), {
    waitUntil: "load",
  });
  await page.screenshot({ path: join(shots, "readme-actor.png") });
} catch (error) {
  problems.push(`${where}: ${error.message}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`browser test: ${problems.length} problem(s):`);
  for (const problem of problems) {
    console.error(`  ${problem}`);
  }
  process.exit(1);
}
console.log(`browser test: every page loaded cleanly; screenshots in ${shots}`);
