// Shared by the end-to-end tests: tauri-driver, the app under test, the `desk` CLI.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, openSync, copyFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "node:net";
import { remote } from "webdriverio";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../..");
export const APP = process.env.DESK_APP ?? join(root, "target/debug/incident-desk");
export const CLI = process.env.DESK_CLI ?? join(root, "target/debug/desk");
// Acting under another login than the OS user's needs that login's password (issue 11):
// every test user of these journals has this one, chosen at its first use (the first
// supervisor) or set by `desk users set-password` (DESK_NEW_PASSWORD). The CLI, tauri-driver
// and through it the window inherit it.
export const PASSWORD = (process.env.DESK_PASSWORD ??= "e2e-құпиясөз-2026");
process.env.DESK_NEW_PASSWORD ??= PASSWORD;
// Free ports chosen per run, so two runs on one machine never talk to each other's app.
let PORT = Number(process.env.TAURI_DRIVER_PORT ?? 0);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
export const artifacts = join(here, "artifacts");
mkdirSync(artifacts, { recursive: true });

/** Starts tauri-driver and waits until it answers; returns a stop function. With `own`,
 * the driver gets a port of its own (the function's `port`), so that a second window can
 * run beside the first — tauri-driver serves one session at a time. */
export async function startDriver(logName, { own = false } = {}) {
  const log = openSync(join(artifacts, logName), "w");
  let port;
  if (own) {
    port = await freePort();
  } else {
    if (!PORT) PORT = await freePort();
    port = PORT;
  }
  const native = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(native)], {
    stdio: ["ignore", log, log],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () => driver.kill();
  stop.port = port;
  return stop;
}

/** Launches the real app window on `dataDir`, with more command-line arguments if given. */
export async function openApp(dataDir, args = [], port = PORT) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryTimeout: 60_000,
    capabilities: { "tauri:options": { application: APP, args: ["--data-dir", dataDir, ...args] } },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

/** Runs `desk` on the same journal and returns its standard output. */
export function cli(dataDir, args) {
  return execFileSync(CLI, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
}

export async function text(browser, selector, timeout = 20_000) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout });
  return (await el.getText()).trim();
}

export async function screenshot(browser, name) {
  const file = join(artifacts, name);
  await browser.saveScreenshot(file);
  // The README shows these; refresh them with DESK_UPDATE_SCREENSHOTS=1.
  if (process.env.DESK_UPDATE_SCREENSHOTS) copyFileSync(file, join(root, "docs", name));
}
