// End-to-end: the real Incident Desk window under Xvfb, driven over WebDriver by
// tauri-driver (WebKitWebDriver underneath). Clicks go through the UI into the Rust
// commands and the SQLite file, exactly as an operator's would.
//
// Needs: DISPLAY (run under xvfb-run), tauri-driver on PATH, DESK_APP = the built app,
// DESK_CLI = the built `desk` binary. scripts/test.sh sets all of that up.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, openApp as open, screenshot, startDriver, text } from "./driver.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-"));
let stopDriver;
const openApp = () => open(dataDir);
const cliJournal = () => JSON.parse(cli(dataDir, ["journal", "list", "--json"]));

const ORG = "ТОО «Қазақ Құрылыс»";

describe("the journal in the real window", () => {
  before(async () => {
    stopDriver = await startDriver("tauri-driver-journal.log");
  });

  after(() => stopDriver?.());

  it("first start asks for the workstation, then an appeal registered through the form appears in the table and in `desk journal list`", async () => {
    const app = await openApp();
    try {
      const code = await app.$("#setup-workstation");
      await code.waitForDisplayed({ timeout: 30_000 });
      await code.setValue("e2e1");
      await (await app.$("#setup-save")).click();
      await (await app.$("#setup-workstation")).waitForExist({ reverse: true, timeout: 10_000 });

      await (await app.$("#new-appeal")).click();
      const org = await app.$("#f-organisation");
      await org.waitForDisplayed({ timeout: 10_000 });
      // The receipt time is prefilled with now, in Astana time.
      assert.match(await (await app.$("#f-received_at")).getValue(), /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
      await org.setValue(ORG);
      await (await app.$("#f-bin_iin")).setValue("971240001315");
      await (await app.$("#f-channel")).selectByAttribute("value", "email");
      await (await app.$("#f-contact")).setValue("buyer@example.kz");
      await (await app.$("#f-description")).setValue("Баға ұсыныстарын қабылдау беті ашылмайды");
      await (await app.$("#save-appeal")).click();

      const row = await app.$("#journal tbody tr[data-number]");
      await row.waitForDisplayed({ timeout: 10_000 });
      const number = await row.getAttribute("data-number");
      assert.match(number, /^E2E1-\d{4}-000001$/);
      assert.ok((await row.getText()).includes(ORG));
      assert.ok((await text(app, "#status")).includes(number));

      const stored = cliJournal();
      assert.equal(stored.length, 1);
      assert.equal(stored[0].number, number);
      assert.equal(stored[0].organisation, ORG);
      assert.equal(stored[0].channel, "email");
      await screenshot(app, "screenshot-ru.png");
    } finally {
      await app.deleteSession();
    }
  });

  it("after a restart the appeal is still there; switching to Kazakh translates the window and is remembered", async () => {
    let app = await openApp();
    try {
      const row = await app.$("#journal tbody tr[data-number]");
      await row.waitForDisplayed({ timeout: 30_000 });
      assert.ok((await row.getText()).includes(ORG));

      await (await app.$("#language")).selectByAttribute("value", "kk");
      await app.waitUntil(async () => (await text(app, "#heading")).startsWith("Пайдаланушылардың"), { timeout: 10_000 });
      const headers = await app.$$("#journal thead th");
      assert.equal(await headers[1].getText(), "Жүгінген ұйымның атауы");
      assert.equal(await headers[2].getText(), "БСН / ЖСН");
      assert.ok((await text(app, "#new-appeal")).startsWith("Жаңа өтініш"));
      assert.equal(await app.getTitle(), "Incident Desk — техникалық іркілістер журналы");
    } finally {
      await app.deleteSession();
    }
    app = await openApp();
    try {
      const heading = await app.$("#heading");
      await heading.waitForDisplayed({ timeout: 30_000 });
      await app.waitUntil(async () => (await heading.getText()).startsWith("Пайдаланушылардың"), { timeout: 10_000 });
      await screenshot(app, "screenshot-kk.png");
    } finally {
      await app.deleteSession();
    }
  });

  it("an invalid BIN shows the translated error next to the field and saves nothing", async () => {
    const app = await openApp();
    try {
      const newAppeal = await app.$("#new-appeal");
      await newAppeal.waitForDisplayed({ timeout: 30_000 });
      await newAppeal.click();
      await (await app.$("#f-organisation")).waitForDisplayed({ timeout: 10_000 });
      await (await app.$("#f-organisation")).setValue("ЖШС «Сынақ»");
      await (await app.$("#f-bin_iin")).setValue("971240001316");
      await (await app.$("#f-contact")).setValue("+7 701 000 00 00");
      await (await app.$("#f-description")).setValue("Кіру мүмкін емес");
      await (await app.$("#save-appeal")).click();

      assert.equal(await text(app, "#err-bin_iin"), "БСН / ЖСН: бақылау цифры сәйкес келмейді — нөмірді тексеріңіз");
      // The form stays open with what was typed, and nothing reached the journal.
      assert.equal(await (await app.$("#f-organisation")).getValue(), "ЖШС «Сынақ»");
      assert.equal((await app.$$("#journal tbody tr[data-number]")).length, 1);
      await screenshot(app, "screenshot-kk-error.png");
    } finally {
      await app.deleteSession();
    }
    assert.equal(cliJournal().length, 1);
  });
  it("the portal chosen on the form decides the rule set, shown before saving and on the appeal page (issue 12 item 11; 004 §1)", async () => {
    const app = await openApp();
    try {
      const newAppeal = await app.$("#new-appeal");
      await newAppeal.waitForDisplayed({ timeout: 30_000 });
      await newAppeal.click();
      await (await app.$("#f-organisation")).waitForDisplayed({ timeout: 10_000 });
      await (await app.$("#f-organisation")).setValue("ЖШС «Жылу»");
      await (await app.$("#f-bin_iin")).setValue("971240001315");
      await (await app.$("#f-contact")).setValue("+7 701 000 00 01");
      await (await app.$("#f-description")).setValue("Энергетика платформасы ашылмайды");
      await (await app.$("#f-portal")).selectByAttribute("value", "energy_platform");
      // The window is in Kazakh since the second test: the rule set the portal implies.
      assert.equal(await text(app, "#hint-portal"), "Ережелер: ENERGY-366 · № 366 бұйрық, энергетика және коммуналдық сала");
      await screenshot(app, "screenshot-kk-portal.png");
      await (await app.$("#save-appeal")).click();
      const rows = () => app.$$("#journal tbody tr[data-number]");
      await app.waitUntil(async () => (await rows()).length === 2, { timeout: 10_000 });
      const stored = cliJournal().find((r) => r.organisation === "ЖШС «Жылу»");
      assert.equal(stored.rule_set, "ENERGY-366");
      // WebKitWebDriver does not click table rows themselves; a cell opens the row.
      await (await (await app.$(`#journal tbody tr[data-number="${stored.number}"]`)).$("td")).click();
      assert.equal(await text(app, "#appeal-number"), stored.number);
      const rules = await text(app, "#appeal-rules");
      assert.ok(rules.startsWith("Энергетика және коммуналдық секторлардың сатып алу электрондық платформасы · ENERGY-366"), rules);
    } finally {
      await app.deleteSession();
    }
  });
});
