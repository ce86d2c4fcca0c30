// End-to-end (issue 18): an appeal registered in the real window with an e-mail address
// produces the incident-ID e-mail in the journal's language (Kazakh), queued by the
// registration itself; the outbox screen sends it to a real SMTP server (aiosmtpd, the
// venv scripts/lib.sh's ensure_aiosmtpd installs), which receives it with the Kazakh
// subject and body; the appeal's "send the incident ID" duty (002 §30) then shows as met
// at the instant the server accepted it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, openApp, root, screenshot, startDriver, text } from "./driver.mjs";

const PYTHON = process.env.DESK_AIOSMTPD_PYTHON ?? join(root, "target/aiosmtpd-venv/bin/python");
const SCRIPT = join(root, "crates/testkit/python/smtp_server.py");
let stopDriver;
let smtp;

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

/** Starts the SMTP server writing to `dir`; resolves once it listens. */
function startSmtp(dir, port) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, dir, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
    child.once("error", reject);
    child.stdout.once("data", (d) => (String(d).trim() === "ready" ? resolve(child) : reject(new Error(String(d)))));
  });
}

async function click(app, selector) {
  const el = await app.$(selector);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

describe("the incident-ID e-mail from the real window", () => {
  before(async () => {
    stopDriver = await startDriver("tauri-driver-outbox.log");
  });
  after(() => {
    smtp?.stdin.end();
    stopDriver?.();
  });

  it("[kk] registered with an e-mail, sent from the outbox screen, received, the duty met at the send instant", async (t) => {
    if (!existsSync(PYTHON)) {
      t.skip("aiosmtpd is not installed (target/aiosmtpd-venv): scripts/test.sh installs it");
      return;
    }
    const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-outbox-"));
    const mailDir = mkdtempSync(join(tmpdir(), "desk-e2e-mail-"));
    const port = await freePort();
    smtp = await startSmtp(mailDir, port);
    cli(dataDir, ["--user", "boss", "setup", "--workstation", "AST9", "--language", "kk"]);
    cli(dataDir, ["--user", "boss", "outbox", "settings", "--host", "127.0.0.1", "--port", String(port),
      "--security", "none", "--from", "Incident Desk <desk@example.kz>"]);
    const app = await openApp(dataDir, ["--user", "boss"]);
    try {
      await click(app, "#new-appeal");
      const org = await app.$("#f-organisation");
      await org.waitForDisplayed({ timeout: 20_000 });
      await org.setValue("ЖШС «Құрылыс Әлемі»");
      await (await app.$("#f-bin_iin")).setValue("971240001315");
      await (await app.$("#f-channel")).selectByAttribute("value", "email");
      await (await app.$("#f-contact")).setValue("buyer@example.kz");
      await (await app.$("#f-description")).setValue("Өтінімге қол қою беті ашылмайды");
      await click(app, "#more-fields");
      await (await app.$("#f-email")).setValue("buyer@example.kz");
      await click(app, "#save-appeal");
      const row = await app.$("#journal tbody tr[data-number]");
      await row.waitForDisplayed({ timeout: 10_000 });
      const number = await row.getAttribute("data-number");

      await click(app, "#outbox");
      const queued = await app.$(`#outbox-table tr[data-number="${number}"]`);
      await queued.waitForDisplayed({ timeout: 10_000 });
      assert.equal(await queued.getAttribute("data-state"), "queued");
      await click(app, "#outbox-send");
      await app.waitUntil(async () => (await queued.getAttribute("data-state")) === "sent", { timeout: 20_000 });
      await screenshot(app, "outbox-kk.png");

      const got = JSON.parse(readFileSync(join(mailDir, "1.json"), "utf8"));
      assert.deepEqual(got.rcpt_tos, ["buyer@example.kz"]);
      assert.equal(got.message.subject, `Өтінішіңіз тіркелді: ${number} инциденті`);
      assert.ok(got.message.raw_subject.toLowerCase().startsWith("=?utf-8?"), got.message.raw_subject);
      assert.ok(got.message.body.includes("ЖШС «Құрылыс Әлемі» ұйымының"), got.message.body);
      const [sent] = JSON.parse(cli(dataDir, ["--user", "boss", "outbox", "list", "--json"]));
      assert.equal(sent.message_id, got.message.message_id);

      // 002 §30: the duty is met at the instant the server accepted the message.
      await click(app, "#outbox-back");
      await click(app, `#journal tbody tr[data-number="${number}"] td`);
      const duty = await app.$("#ob-send_incident_id");
      await duty.waitForExist({ timeout: 10_000 });
      await app.waitUntil(async () => (await duty.getAttribute("data-state")) === "met", { timeout: 10_000 });
      assert.equal(await text(app, "#met-send_incident_id"), sent.state_at_astana);
      const onPage = await app.$("#appeal-mails li");
      assert.equal(await onPage.getAttribute("data-state"), "sent");
      assert.ok((await onPage.getText()).includes(sent.state_at_astana));
      await duty.scrollIntoView();
      await screenshot(app, "outbox-met-kk.png");
    } finally {
      await app.deleteSession();
    }
  });
});
