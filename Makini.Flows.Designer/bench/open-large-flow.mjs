// Opens a 300-activity flow in headless Chromium and measures, with the Performance API, how long the designer
// takes to become interactive. Needs a running server:
//   BASE_URL=http://127.0.0.1:5080 KEY=mk_... node bench/open-large-flow.mjs [runs] [activities]
import { chromium } from "playwright-core";
import { largeFlow } from "./large-flow.mjs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5080";
const key = process.env.KEY;
const runs = Number(process.argv[2] ?? 7);
const count = Number(process.argv[3] ?? 300);
if (!key) throw new Error("set KEY to an admin API key");

const id = `bench-${count}`;
const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
await fetch(`${base}/api/flows/${id}`, { method: "DELETE", headers });
const created = await fetch(`${base}/api/flows`, { method: "POST", headers, body: JSON.stringify(largeFlow(id, count)) });
if (!created.ok) throw new Error(`creating the flow failed: ${created.status} ${await created.text()}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = [];
for (let run = 0; run < runs; run++) {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(`${base}/#key=${key}`);
  await page.getByTestId("flow-list").waitFor();
  // Open the flow from the list, as a user does: from the click until the canvas is usable.
  await page.getByTestId(`flow-${id}`).waitFor();
  await page.evaluate(() => performance.mark("bench:open"));
  await page.getByRole("link", { name: `Large flow (${count} activities)` }).click();
  // Ready: React Flow initialised with the nodes drawn, then two frames painted.
  await page.waitForFunction(
    () => performance.getEntriesByName("designer:canvas-ready").length > 0 && document.querySelector(".react-flow__node") !== null,
    null,
    { polling: "raf" },
  );
  const timing = await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const open = performance.getEntriesByName("bench:open")[0].startTime;
            resolve({
              flowLoaded: performance.getEntriesByName("designer:flow-loaded")[0].startTime - open,
              canvasReady: performance.getEntriesByName("designer:canvas-ready")[0].startTime - open,
              interactive: performance.now() - open,
              nodesInDom: document.querySelectorAll(".react-flow__node").length,
            });
          }),
        ),
      ),
  );
  // The same flow loaded with the page (address typed in): from navigation start.
  await page.goto(`${base}/flows/${id}`);
  await page.waitForFunction(
    () => performance.getEntriesByName("designer:canvas-ready").length > 0 && document.querySelector(".react-flow__node") !== null,
    null,
    { polling: "raf" },
  );
  timing.pageLoadInteractive = await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))),
  );
  // Responsiveness: click a node and wait for it to show as selected.
  const node = page.locator(".react-flow__node").nth(3);
  const clickStart = Date.now();
  await node.locator(".activity-title").click();
  await page.locator(".react-flow__node.selected").first().waitFor();
  timing.selectMs = Date.now() - clickStart;
  results.push(timing);
  await page.close();
}
await browser.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = (name) => `${name} median ${median(results.map((r) => r[name])).toFixed(0)} ms (min ${Math.min(...results.map((r) => r[name])).toFixed(0)}, max ${Math.max(...results.map((r) => r[name])).toFixed(0)})`;
console.log(`${count} activities, ${runs} runs, ${results[0].nodesInDom} nodes in the DOM (only visible ones are drawn)`);
console.log("from the click on the flow in the list:");
for (const name of ["flowLoaded", "canvasReady", "interactive"]) console.log("  " + report(name));
console.log("page load of /flows/{id} (navigation start to interactive):");
console.log("  " + report("pageLoadInteractive"));
console.log("click on a node until it shows selected (includes Playwright's round trip):");
console.log("  " + report("selectMs"));
