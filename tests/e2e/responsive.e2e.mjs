// End-to-end: the window never freezes (issue 10). A supervisor starts the Journal
// extract of 10,000 appeals from the supervisor panel and, while it is being made, types
// into the journal's search box: the keystrokes arrive and the search answers before the
// extract is finished, because every command runs off the window's main thread on a
// journal connection of its own.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, root, screenshot, startDriver, text } from "./driver.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-busy-"));
// TODO(issue 10): a `desk` command that bulk-registers appeals would do this through the
// app; until then the journal benchmark's generator writes them with the store's bulk path.
const GENERATOR = process.env.DESK_BENCH_JOURNAL ?? join(root, "target/debug/desk-bench-journal");
const COUNT = 10_000;
const WORD = "Өрнек";
let stopDriver;

describe("the window while a long document is made", () => {
  before(async () => {
    assert.ok(existsSync(GENERATOR), `build it first: cargo build -p desk-bench-journal (${GENERATOR})`);
    execFileSync(GENERATOR, ["generate", "--data-dir", dataDir, "--count", String(COUNT)], { stdio: "pipe" });
    stopDriver = await startDriver("tauri-driver-responsive.log");
  });
  after(() => stopDriver?.());

  it("takes keystrokes in the search box and answers the search while a 10,000-row extract is made", async () => {
    const app = await openApp(dataDir, ["--user", "boss"]);
    try {
      const open = await app.$("#supervisor");
      await open.waitForClickable({ timeout: 30_000 });
      await open.click();
      const from = await app.$("#extract-from");
      await from.waitForDisplayed({ timeout: 10_000 });
      // The generated appeals were received over the last two years.
      await from.setValue("01.01.2000");
      await (await app.$("#extract-to")).setValue("31.12.2099");
      await (await app.$("#extract-make")).click();

      // The panel stays open over the journal; keys go to the search box beneath it.
      const search = await app.$("#search");
      await search.addValue(WORD);
      assert.equal(await search.getValue(), WORD);
      const typedBeforeDone = !(await (await app.$("#extract-written")).isExisting());
      // The search ran too: every row on the page is one of that organisation's.
      await app.waitUntil(async () => {
        const rows = await app.execute(() => [...document.querySelectorAll("#journal tbody tr[data-number]")].map((r) => r.textContent));
        return rows.length > 0 && rows.every((t) => t.includes(WORD));
      }, { timeout: 20_000, interval: 100 });
      const searchedBeforeDone = !(await (await app.$("#extract-written")).isExisting());
      await screenshot(app, "responsive-during-extract.png");
      assert.ok(typedBeforeDone, "the keystrokes arrived only after the extract was finished");
      assert.ok(searchedBeforeDone, "the search answered only after the extract was finished");

      const written = await text(app, "#extract-written", 300_000);
      assert.ok(written.includes(String(COUNT)), written);
      assert.ok(existsSync(await text(app, "#extract-path")));
    } finally {
      await app.deleteSession();
    }
  });

  // Issue 11 item 2: the full check of a large journal takes minutes, and the window says
  // where it is while it runs (stage, step of four, percent), in the person's language.
  it("shows where the journal check is while it runs, in Kazakh", async () => {
    const app = await openApp(dataDir, ["--user", "boss"]);
    try {
      const language = await app.$("#language");
      await language.waitForDisplayed({ timeout: 30_000 });
      await language.selectByAttribute("value", "kk");
      const open = await app.$("#supervisor");
      await open.waitForClickable({ timeout: 30_000 });
      await open.click();
      await (await app.$("#sup-verify")).click();
      const progress = await text(app, "#check-progress", 60_000);
      assert.match(progress, /\d+\s*%/, progress);
      assert.match(progress, /[әғқңөұүһі]/i, `not in Kazakh: ${progress}`);
      await screenshot(app, "journal-check-progress-kk.png");
      // The generator writes derived columns synthetically, so the check finds them.
      const result = await text(app, "#audit-result", 300_000);
      assert.ok(result.length > 1, result);
      assert.equal(await (await app.$("#check-progress")).isExisting(), false, "the progress line stays after the check");
    } finally {
      await app.deleteSession();
    }
  });
});
