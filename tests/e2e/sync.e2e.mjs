// End-to-end: two workstations and one real server converge after offline work, and a
// concurrent edit of one appeal is a conflict on both that a person resolves in the window
// (issue 15, Tests). The server is the real `desk-server` on a throwaway PostgreSQL
// cluster (server.mjs). Both workstations are real app windows, open side by side on
// their own data directories, each through a tauri-driver of its own; the CLI on the same
// journals only makes the offline edits quickly and reads the journals to compare them.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, openApp, screenshot, startDriver, text } from "./driver.mjs";
import { startPostgres, startServer } from "./server.mjs";

const LOGIN = "boss";
// The server account has the same password as the local one (driver.mjs).
const PASSWORD = process.env.DESK_PASSWORD;
const ast1 = mkdtempSync(join(tmpdir(), "desk-e2e-sync-ast1-"));
const ast2 = mkdtempSync(join(tmpdir(), "desk-e2e-sync-ast2-"));
let pg;
let server;
let stopDriver;
let stopDriver2;
// The windows of AST1 and AST2.
let app;
let app2;

/** `desk` on a workstation's journal as the supervisor; the password only for a login. */
function desk(dir, args, env = {}) {
  return execFileSync(CLI, ["--data-dir", dir, "--user", LOGIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
}
const json = (dir, args) => JSON.parse(desk(dir, [...args, "--json"]));
const status = (dir) => json(dir, ["sync", "status"]);
const journal = (dir) => json(dir, ["journal", "list"]).sort((a, b) => a.number.localeCompare(b.number));
const show = (dir, number) => json(dir, ["journal", "show", number]);
function register(dir, organisation, description) {
  const args = ["journal", "add", "--organisation", organisation, "--bin-iin", "971240001315", "--channel", "email", "--contact", "ops@example.kz", "--description", description];
  return json(dir, args).number;
}

async function click(selector, w = app) {
  const el = await w.$(selector);
  await el.waitForClickable({ timeout: 15_000 });
  await el.click();
}
async function fill(selector, value, w = app) {
  const el = await w.$(selector);
  await el.waitForDisplayed({ timeout: 10_000 });
  await el.setValue(value);
}
async function attr(selector, name, timeout = 20_000, w = app) {
  const el = await w.$(selector);
  await el.waitForExist({ timeout });
  return el.getAttribute(name);
}
/** Waits until the sync bar's `selector` has `name` equal to `want` (the bar is re-read
 * after each write and every 15 s). */
async function until(selector, name, want, timeout = 30_000, w = app) {
  let last;
  await w.waitUntil(async () => (last = await attr(selector, name, timeout, w)) === want, {
    timeout,
    timeoutMsg: `${selector}[${name}] is ${last}, not ${want}`,
  });
}
/** Clicks "Sync now" in window `w` and waits until its bar shows that attempt's outcome. */
async function syncNow(w = app) {
  const before = await attr("#sync-bar", "data-last-attempt", 20_000, w);
  await click("#sync-now", w);
  await w.waitUntil(
    async () => (await attr("#sync-bar", "data-last-attempt", 20_000, w)) !== before && (await attr("#sync-now", "aria-busy", 20_000, w)) !== "true",
    { timeout: 60_000, timeoutMsg: "the sync did not finish" },
  );
}
/** Logs window `w` in to the server from its sync settings. */
async function logIn(w, shot) {
  await click("#sync-settings", w);
  await fill("#f-sync-server", server.url, w);
  await fill("#f-sync-user", LOGIN, w);
  await fill("#f-sync-password", PASSWORD, w);
  if (shot) await screenshot(w, shot);
  await click("#sync-login", w);
  await w.waitUntil(async () => (await text(w, "#sync-login-state")).includes(LOGIN), { timeout: 30_000, timeoutMsg: "no login shown" });
  // The password does not stay in the form once it is sent.
  assert.equal(await (await w.$("#f-sync-password")).getValue(), "");
  await click("#sync-close", w);
}

describe("two workstations, one server, a conflict resolved in the window", () => {
  before(async () => {
    desk(ast1, ["setup", "--workstation", "AST1", "--language", "ru"]);
    desk(ast2, ["setup", "--workstation", "AST2", "--language", "ru"]);
    pg = await startPostgres();
    server = await startServer(pg.url, { login: LOGIN, password: PASSWORD });
    stopDriver = await startDriver("tauri-driver-sync.log");
    stopDriver2 = await startDriver("tauri-driver-sync-ast2.log", { own: true });
    app = await openApp(ast1, ["--user", LOGIN]);
    app2 = await openApp(ast2, ["--user", LOGIN], stopDriver2.port);
    for (const w of [app, app2]) await (await w.$("#sync-bar")).waitForExist({ timeout: 30_000 });
  });

  after(async () => {
    await app?.deleteSession().catch(() => {});
    await app2?.deleteSession().catch(() => {});
    // No token is left in the OS keyring after the test (a server already gone is fine).
    for (const dir of [ast1, ast2]) {
      try {
        desk(dir, ["logout"]);
      } catch {
        /* never logged in */
      }
    }
    stopDriver?.();
    stopDriver2?.();
    server?.stop();
    pg?.stop();
  });

  it("works fully offline with no server and says so quietly, without a warning", async () => {
    register(ast1, "ТОО «Бір»", "ЭЦП қабылданбайды");
    register(ast1, "ТОО «Екі»", "Договор не подписывается");
    register(ast2, "АО «Үш»", "Лот не публикуется");
    await until("#sync-bar", "data-tone", "quiet");
    assert.equal(await text(app, "#sync-state"), "Работа без сервера синхронизации");
    assert.equal(await (await app.$("#sync-warning")).isExisting(), false);
    assert.equal(await (await app.$("#sync-now")).isExisting(), false);
  });

  it("logs in from each window's settings, syncs with progress, and both journals are equal", async () => {
    await logIn(app, "sync-settings-ru.png");

    // Offline changes wait, counted, until the first sync.
    assert.ok(Number(await attr("#sync-pending", "data-count")) >= 2);
    await syncNow();
    await until("#sync-bar", "data-tone", "online");
    await until("#sync-pending", "data-count", "0");
    const last = await text(app, "#sync-last");
    assert.match(last, /^Последняя синхронизация: \d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    // In Astana time, UTC+5 since 1 March 2024, like every instant in the journal (the
    // window's own time-zone data is older and would say UTC+6).
    const [hh, mm] = last.slice(-5).split(":").map(Number);
    const astanaNow = new Date(Date.now() + 5 * 3_600_000);
    const drift = Math.abs(hh * 60 + mm - (astanaNow.getUTCHours() * 60 + astanaNow.getUTCMinutes()));
    assert.ok(Math.min(drift, 1440 - drift) <= 2, `${last} is not Astana time`);

    // The second window logs in and syncs; then the first pulls what it sent.
    await logIn(app2);
    await syncNow(app2);
    await until("#sync-pending", "data-count", "0", 30_000, app2);
    await syncNow();
    const [j1, j2] = [journal(ast1), journal(ast2)];
    assert.equal(j1.length, 3);
    assert.deepEqual(j1, j2, "both journals are equal after sync");
    for (const dir of [ast1, ast2]) {
      const s = status(dir);
      assert.equal(s.pending, 0, JSON.stringify(s));
      assert.equal(s.conflicts, 0, JSON.stringify(s));
    }
    // Each window shows the other's appeals, synced.
    const mine = j1.find((r) => r.number.startsWith("AST1-"));
    const there = await app2.$(`#journal tbody tr[data-number="${mine.number}"]`);
    await there.waitForDisplayed({ timeout: 20_000 });
    // The window shows AST2's appeal, synced.
    const theirs = j1.find((r) => r.number.startsWith("AST2-"));
    const row = await app.$(`#journal tbody tr[data-number="${theirs.number}"]`);
    await row.waitForDisplayed({ timeout: 20_000 });
    await (await row.$("td")).click();
    assert.equal(await attr("#record-sync", "data-state"), "synced");
    assert.equal(await text(app, "#record-sync"), "✓ синхронизировано");
    await click("#back");
  });

  it("a concurrent edit is a conflict on both, resolved in the window field by field", async () => {
    const number = journal(ast1).find((r) => r.organisation === "ТОО «Бір»").number;
    // The same appeal corrected on both workstations while they are apart.
    const ours = "ТОО «Бір» (AST1)";
    const theirs = "ТОО «Бір» (AST2)";
    desk(ast1, ["journal", "correct", number, "--field", "organisation", "--value", ours, "--reason", "уточнение"]);
    desk(ast1, ["journal", "correct", number, "--field", "phone", "--value", "+7 701 111 11 11", "--reason", "уточнение"]);
    desk(ast2, ["journal", "correct", number, "--field", "organisation", "--value", theirs, "--reason", "уточнение"]);
    await syncNow(app2);
    await syncNow();
    await syncNow(app2);
    assert.equal(status(ast2).conflicts, 1, "the conflict is on the other workstation too");
    await until("#sync-conflicts", "data-count", "1");
    // And the other window shows it: the count in its bar, the row marked.
    await until("#sync-conflicts", "data-count", "1", 30_000, app2);
    await until(`#journal tbody tr[data-number="${number}"]`, "data-sync", "conflicted", 30_000, app2);
    await screenshot(app2, "sync-conflict-ast2-ru.png");

    // The journal marks the row; the record's badge says so and leads to the conflicts screen.
    const row = await app.$(`#journal tbody tr[data-number="${number}"]`);
    await row.waitForDisplayed({ timeout: 20_000 });
    await until(`#journal tbody tr[data-number="${number}"]`, "data-sync", "conflicted");
    await (await row.$("td")).click();
    assert.equal(await attr("#record-sync", "data-state"), "conflicted");
    await screenshot(app, "sync-bar-ru.png");
    await click("#record-sync");
    await (await app.$("#conflict-table")).waitForDisplayed({ timeout: 20_000 });
    assert.equal(await text(app, "#conflict-number"), number);
    assert.equal(await attr('tr[data-field="organisation"]', "class"), "differs");
    assert.equal(await attr('tr[data-field="bin_iin"]', "class"), "same");
    // Closed lists show their names, not their codes.
    assert.equal(await text(app, 'tr[data-field="channel"] td'), "Электронная почта");
    await screenshot(app, "sync-conflicts-ru.png");

    await (await app.$("#language")).selectByAttribute("value", "kk");
    await app.waitUntil(async () => (await text(app, "#conflicts-back")).startsWith("←") && (await text(app, "h2")) === "Синхрондау қайшылықтары", { timeout: 15_000 });
    await screenshot(app, "sync-conflicts-kk.png");

    // Take the other workstation's organisation, keep this one's phone: per field.
    const values = await Promise.all([0, 1].map((i) => text(app, `#pick-organisation-${i} + span`)));
    const theirsAt = values.indexOf(theirs);
    assert.ok(theirsAt >= 0, JSON.stringify(values));
    const phoneValues = await Promise.all([0, 1].map((i) => text(app, `#pick-phone-${i} + span`)));
    const oursPhoneAt = phoneValues.indexOf("+7 701 111 11 11");
    await click(`#pick-organisation-${theirsAt}`);
    // By keyboard: a field's versions are one radio group, the arrow keys move within it.
    await app.execute(() => document.getElementById("pick-phone-0")?.focus());
    await app.keys(oursPhoneAt === 0 ? [] : ["ArrowRight"]);
    assert.equal(await (await app.$(`#pick-phone-${oursPhoneAt}`)).isSelected(), true, "the arrow key picks the other version");
    await click("#conflict-resolve");
    await (await app.$("#conflicts-none")).waitForDisplayed({ timeout: 20_000 });
    assert.match(await text(app, "#conflicts-notice"), new RegExp(`^${number}: қайшылық шешілді`));
    await screenshot(app, "sync-bar-kk.png");

    // The resolution travels: not conflicted on either workstation, the same values.
    await syncNow();
    await syncNow(app2);
    await syncNow();
    for (const dir of [ast1, ast2]) {
      const s = status(dir);
      assert.equal(s.conflicts, 0, JSON.stringify(s));
      const a = show(dir, number).appeal;
      assert.equal(a.organisation, theirs);
      assert.equal(a.phone, "+7 701 111 11 11");
    }
    assert.deepEqual(journal(ast1), journal(ast2));
    assert.equal(await (await app.$("#sync-conflicts")).isExisting(), false);
    await app2.waitUntil(async () => (await (await app2.$(`#journal tbody tr[data-number="${number}"]`)).getAttribute("data-sync")) === null, {
      timeout: 30_000,
      timeoutMsg: "the other window still marks the row conflicted",
    });
    assert.equal(await (await app2.$("#sync-conflicts")).isExisting(), false);
    await click("#conflicts-back");
    const again = await app.$(`#journal tbody tr[data-number="${number}"]`);
    await again.waitForDisplayed({ timeout: 20_000 });
    await (await again.$("td")).click();
    await until("#record-sync", "data-state", "synced");
  });

  it("says offline with the app's translated reason when the server is gone, and the change waits", async () => {
    const before = Number(await attr("#sync-pending", "data-count"));
    server.stop();
    register(ast1, "ТОО «Төрт»", "Портал недоступен");
    await syncNow();
    await until("#sync-bar", "data-tone", "offline");
    await screenshot(app, "sync-offline-kk.png");
    // The window is in Kazakh since the previous test; the reason names the server.
    const error = (await (await app.$("#sync-error")).getAttribute("title")) ?? "";
    assert.ok(error.includes("синхрондау сервері қолжетімсіз") && error.includes(server.url), error);
    assert.equal(Number(await attr("#sync-pending", "data-count")), before + 1);
    assert.equal(await (await app.$("#sync-warning")).isExisting(), false, "no warning while offline");
  });
});
