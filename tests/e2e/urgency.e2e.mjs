// End-to-end (issue 19 items 1, 2, 4), in Kazakh and Russian: the journal as a queue by
// urgency (the overdue appeal first, its next-due cell naming the duty, the countdown in
// words), the appeal's duties overdue → soonest → done, a duty done at the time it really
// was with a note, triage dated as typed, and the guarded closing: "N duties are not done
// — close anyway?" wants the reason, and a closed appeal offers nothing more and is not due.
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

// An instant as the forms take it, Astana time (UTC+5), to the minute.
function astana(ms) {
  const d = new Date(ms + 5 * 3600_000);
  const two = (n) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}
const minute = (ms) => Math.floor(ms / 60_000) * 60_000;

const LANGS = {
  kk: { overdue: /кешікті$/, units: /\d+ (күн|сағ)/, notDone: /міндет орындалмаған/, closed: "Жабылды", note: "Пайдаланушыға қоңырау шалынды", reason: "Пайдаланушы өтінішін қайтарып алды", left: /қалды$/ },
  ru: { overdue: /^просрочено на /, units: /\d+ (дн|ч)/, notDone: /не выполнен/, closed: "Закрыто", note: "Позвонили пользователю", reason: "Пользователь отозвал обращение", left: /^осталось / },
};

describe("the queue by urgency, events at their real time, the guarded closing", () => {
  before(async () => {
    stopDriver = await startDriver("tauri-driver-urgency.log");
  });
  after(() => stopDriver?.());

  for (const [lang, L] of Object.entries(LANGS).slice(0, process.env.ONE ? 1 : 2)) {
    it(`[${lang}] the overdue appeal leads, a duty is done at its time, closing asks for the reason`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `desk-e2e-urgency-${lang}-`));
      cli(dataDir, ["--user", "boss", "setup", "--workstation", "AST9", "--language", lang]);
      const now = Date.now();
      const add = (org, received) => JSON.parse(cli(dataDir, ["--user", "boss", "journal", "add", "--organisation", org,
        "--bin-iin", "971240001315", "--channel", "phone", "--contact", "+7 701 555 00 11",
        "--description", "Портал қолжетімсіз", "--received-at", astana(received), "--json"]));
      const old = add("ЖШС «Ескі»", now - 30 * 3600_000);
      cli(dataDir, ["--user", "boss", "journal", "triage", old.number, "--analysis", "confirmed", "--criticality", "high",
        "--failure-type", "operator_physical_damage", "--decision", "Серверлер қайта іске қосылды", "--at", astana(now - 29 * 3600_000)]);
      const fresh = add("ЖШС «Жаңа»", now - 5 * 60_000);
      const app = await openApp(dataDir, ["--user", "boss"]);
      try {
        // Item 4: newest first by default; most urgent first on request.
        const first = async () => (await app.$("#journal tbody tr[data-number]")).getAttribute("data-number");
        await (await app.$(`#journal tbody tr[data-number="${fresh.number}"]`)).waitForDisplayed({ timeout: 30_000 });
        assert.equal(await first(), fresh.number);
        await click(app, "#filter-by-due");
        await app.waitUntil(async () => (await first()) === old.number, { timeout: 10_000 });
        const cell = `#journal tbody tr[data-number="${old.number}"] td.next-due`;
        const duty = await text(app, `${cell} .next-duty`);
        const countdown = await text(app, `${cell} .countdown`);
        assert.ok(duty.length > 5 && !duty.includes("_"), `the duty is named: ${duty}`);
        assert.match(countdown, L.overdue);
        assert.match(countdown, L.units);
        assert.match(await text(app, `#journal tbody tr[data-number="${fresh.number}"] td.next-due .countdown`), L.left);
        await screenshot(app, `screenshot-urgency-journal-${lang}.png`);

        // The appeal page: overdue duties first, the done ones last.
        await (await app.$(`#journal tbody tr[data-number="${old.number}"] td`)).click();
        await (await app.$("#obligations li")).waitForExist({ timeout: 10_000 });
        const items = await app.$$("#obligations li");
        assert.equal(await items[0].getAttribute("class"), "overdue");
        const states = [];
        for (const li of items) states.push(await li.getAttribute("data-state"));
        const firstDone = states.findIndex((s) => s !== "pending");
        assert.ok(firstDone > 0 && states.slice(firstDone).every((s) => s !== "pending"), states.join(","));

        // Item 1: a duty done 20 minutes ago, with a note; the dialog offers now by default.
        await click(app, "#obligations button[id^='done-']");
        const at = await app.$("#f-event_at");
        await at.waitForDisplayed({ timeout: 10_000 });
        assert.match(await at.getValue(), /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
        const doneAt = now - 20 * 60_000;
        await at.setValue(astana(doneAt));
        await (await app.$("#f-note")).setValue(L.note);
        await click(app, "#event-save");
        await (await app.$("#event-dialog")).waitForExist({ reverse: true, timeout: 10_000 });
        await app.waitUntil(async () => (await text(app, "#history")).includes(L.note), { timeout: 10_000 });
        let stored = JSON.parse(cli(dataDir, ["journal", "show", old.number, "--json"]));
        assert.ok(stored.events.some((e) => !["registered", "confirmed"].includes(e.kind) && Date.parse(e.at) === minute(doneAt)),
          JSON.stringify(stored.events));

        // Item 2: duties left undone — close anyway? Not without the reason.
        await click(app, "#act-closed");
        assert.match(await text(app, "#close-warning"), L.notDone);
        await click(app, "#event-save");
        await (await app.$("#err-close_reason")).waitForDisplayed({ timeout: 10_000 });
        assert.match(await text(app, "#err-close_reason"), L.notDone);
        await (await app.$("#f-close_reason")).setValue(L.reason);
        await click(app, "#event-save");
        await app.waitUntil(async () => (await text(app, "#appeal-status")).startsWith(L.closed), { timeout: 10_000 });
        // Closed: no more actions, nothing counting down, the reason in the history.
        assert.equal((await app.$$("#obligations button")).length, 0);
        assert.equal((await app.$$("[id^='act-']")).length, 0);
        assert.equal((await app.$$("#obligations .countdown")).length, 0);
        assert.ok((await text(app, "#history")).includes(L.reason));
        await screenshot(app, `screenshot-closed-guarded-${lang}.png`);
        stored = JSON.parse(cli(dataDir, ["journal", "show", old.number, "--json"]));
        assert.equal(stored.appeal.status, "closed");
        assert.equal(stored.appeal.next_due, null);

        // Back in the queue the closed appeal is no longer due; the fresh one leads.
        await click(app, "#back");
        await app.waitUntil(async () => (await first()) === fresh.number, { timeout: 10_000 });
        assert.equal((await app.$$(`#journal tbody tr[data-number="${old.number}"] .countdown`)).length, 0);

        // Item 1 for the analysis: confirmed at the time typed.
        await (await app.$(`#journal tbody tr[data-number="${fresh.number}"] td`)).click();
        await click(app, "#t-analysis-confirmed");
        await click(app, "#t-criticality-low");
        await (await app.$("#t-failure-type")).selectByAttribute("value", "operator_physical_damage");
        await (await app.$("#t-decision")).setValue("Кэш тазартылды");
        const triagedAt = now - 2 * 60_000;
        await (await app.$("#t-at")).setValue(astana(triagedAt));
        await click(app, "#t-save");
        await (await app.$("#triage")).waitForExist({ reverse: true, timeout: 10_000 });
        stored = JSON.parse(cli(dataDir, ["journal", "show", fresh.number, "--json"]));
        const confirmed = stored.events.find((e) => e.kind === "confirmed");
        assert.equal(Date.parse(confirmed.at), minute(triagedAt));
      } finally {
        await app.deleteSession();
      }
    });
  }

  it("[ru] ↑/↓ move between rows, Enter opens, Esc comes back to the row; a form left by Esc is kept as a draft", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-keyboard-"));
    cli(dataDir, ["--user", "boss", "setup", "--workstation", "AST9", "--language", "ru"]);
    const now = Date.now();
    for (const [i, org] of ["ТОО «Один»", "ТОО «Два»", "ТОО «Три»"].entries()) {
      cli(dataDir, ["--user", "boss", "journal", "add", "--organisation", org, "--bin-iin", "971240001315", "--channel", "phone",
        "--contact", "+7 701 555 00 11", "--description", "Портал недоступен", "--received-at", astana(now - (10 - i) * 60_000)]);
    }
    const app = await openApp(dataDir, ["--user", "boss"]);
    const focused = () => app.execute(() => document.activeElement?.getAttribute("data-number") ?? document.activeElement?.id ?? null);
    try {
      await app.waitUntil(async () => (await app.$$("#journal tbody tr[data-number]")).length === 3, { timeout: 30_000 });
      const numbers = [];
      for (const r of await app.$$("#journal tbody tr[data-number]")) numbers.push(await r.getAttribute("data-number"));
      await app.execute(() => document.querySelector("#journal tbody tr")?.focus());
      assert.equal(await focused(), numbers[0]);
      await app.keys(["ArrowDown"]);
      await app.keys(["ArrowDown"]);
      await app.keys(["ArrowUp"]);
      assert.equal(await focused(), numbers[1]);
      await app.keys(["Enter"]);
      await app.waitUntil(async () => (await text(app, "#appeal-number")) === numbers[1], { timeout: 10_000 });
      // Esc while typing the analysis stays on the page; the analysis outlives leaving it.
      await (await app.$("#t-decision")).setValue("Черновик решения");
      await app.keys(["Escape"]);
      assert.ok(await (await app.$("#appeal-page")).isExisting(), "Esc while typing stays");
      await app.execute(() => document.activeElement?.blur());
      await app.keys(["Escape"]);
      await app.waitUntil(async () => (await focused()) === numbers[1], { timeout: 10_000 });
      await app.keys(["Enter"]);
      await app.waitUntil(async () => (await (await app.$("#t-decision")).getValue()) === "Черновик решения", { timeout: 10_000 });
      await app.execute(() => document.activeElement?.blur());
      await app.keys(["Escape"]);
      await app.waitUntil(async () => (await focused()) === numbers[1], { timeout: 10_000 });
      // The footer lists the shortcuts that exist, these among them.
      assert.match(await text(app, "#shortcuts"), /↑\/↓.*Enter.*Esc.*Ctrl\+N/);

      // Item 9: Esc on a filled form keeps it; a refused save puts the cursor on the field.
      await click(app, "#new-appeal");
      await (await app.$("#f-organisation")).setValue("ТОО «Черновик»");
      await app.keys(["Escape"]);
      await (await app.$("#appeal-form")).waitForExist({ reverse: true, timeout: 10_000 });
      await click(app, "#new-appeal");
      await (await app.$("#draft-restored")).waitForDisplayed({ timeout: 10_000 });
      assert.equal(await (await app.$("#f-organisation")).getValue(), "ТОО «Черновик»");
      await click(app, "#save-appeal");
      await (await app.$("#err-bin_iin")).waitForDisplayed({ timeout: 10_000 });
      await app.waitUntil(async () => (await focused()) === "f-bin_iin", { timeout: 10_000 });
      await click(app, "#draft-discard");
      assert.equal(await (await app.$("#f-organisation")).getValue(), "");
    } finally {
      await app.deleteSession();
    }
  });
});
