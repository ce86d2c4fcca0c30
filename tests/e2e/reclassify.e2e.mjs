// End-to-end: a medium failure reclassified as high in the real window (issue 12 item 5,
// deadlines.md §3.8; 002 §35.1, §36.1–2, §37.3), in Kazakh and in Russian. The new level's
// duties appear with the reclassification as their trigger, each with its reading beside
// the due ("immediately — within 15 min"), and the old level's pending duty is shown as
// superseded.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, openApp, screenshot, startDriver, text } from "./driver.mjs";

let stopDriver;

async function click(app, selector) {
  const el = await app.$(selector);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

const LANGS = {
  kk: { immediately: "дереу — 15", superseded: "Жаңа деңгеймен ауыстырылды" },
  ru: { immediately: "незамедлительно — в течение 15 мин", superseded: "Заменено новым уровнем" },
};

describe("a failure reclassified in the real window", () => {
  before(async () => {
    stopDriver = await startDriver("tauri-driver-reclassify.log");
  });
  after(() => stopDriver?.());

  for (const [lang, L] of Object.entries(LANGS)) {
    it(`[${lang}] medium → high brings the high duties and supersedes the medium one`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `desk-e2e-reclassify-${lang}-`));
      cli(dataDir, ["--user", "boss", "setup", "--workstation", "AST8", "--language", lang]);
      const row = JSON.parse(cli(dataDir, ["--user", "boss", "journal", "add", "--organisation", "ЖШС «Ақ Жол»",
        "--bin-iin", "971240001315", "--channel", "email", "--contact", "support@example.kz",
        "--description", "Баға ұсыныстары қабылданбайды", "--rule-set", "QUASI-1216",
        "--received-at", "16.03.2026 10:40", "--json"]));
      cli(dataDir, ["--user", "boss", "journal", "triage", row.number, "--analysis", "confirmed", "--criticality", "medium",
        "--failure-type", "operator_insufficient_security", "--decision", "Қайта іске қосу", "--at", "16.03.2026 11:00"]);
      const app = await openApp(dataDir, ["--user", "boss"]);
      try {
        const cell = await app.$(`#journal tbody tr[data-number="${row.number}"] td`);
        await cell.waitForClickable({ timeout: 20_000 });
        await cell.click();
        await click(app, "#reclassify summary");
        await click(app, "#re-criticality-high");
        await (await app.$("#re-reason")).setValue("Барлық модульдер қолжетімсіз");
        await click(app, "#reclassify-save");
        const inform = await app.$("#ob-inform_authority-2");
        await inform.waitForExist({ timeout: 10_000 });
        assert.equal(await inform.getAttribute("data-state"), "pending");
        const reading = await text(app, "#reading-inform_authority-2");
        assert.ok(reading.includes(L.immediately), reading);
        assert.equal(await (await app.$("#ob-notify_participants")).getAttribute("data-state"), "superseded");
        assert.equal(await text(app, "#state-notify_participants"), L.superseded);
        await (await app.$("#ob-inform_authority-2")).scrollIntoView();
        await screenshot(app, `reclassified-${lang}.png`);
      } finally {
        await app.deleteSession();
      }
    });
  }
});
