// End-to-end: documents from the real window (issue 7). A supervisor makes the Journal
// extract for a period, signs it with a PKCS#12 key made here by openssl, and verifies
// it; then makes the letter to the authorised body from a confirmed appeal's page. The
// files are read back with poppler's pdftotext and pdfsig, which we did not write.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, openApp, startDriver, text } from "./driver.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "desk-e2e-docs-"));
const keys = mkdtempSync(join(tmpdir(), "desk-e2e-keys-"));
const PASSWORD = "Qwerty123";
let stopDriver;
let number;

async function click(app, selector) {
  const el = await app.$(selector);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

async function fill(app, selector, value) {
  const el = await app.$(selector);
  await el.waitForDisplayed({ timeout: 10_000 });
  await el.clearValue();
  await el.setValue(value);
}

function pdftotext(file) {
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

/** A self-signed RSA signing certificate with the document-signing usage, as PKCS#12. */
function makeKey(name = "ӘЛИЕВ НҰРЛАН", file = "key") {
  const ossl = (args) => execFileSync("openssl", args, { cwd: keys, stdio: "pipe" });
  ossl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${file}.pem`, "-out", `${file}.crt`, "-days", "30", "-utf8",
    "-subj", `/CN=${name}/serialNumber=IIN880101300123`,
    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation", "-addext", "extendedKeyUsage=emailProtection"]);
  ossl(["pkcs12", "-export", "-inkey", `${file}.pem`, "-in", `${file}.crt`, "-out", `${file}.p12`, "-passout", `pass:${PASSWORD}`]);
  return join(keys, `${file}.p12`);
}

describe("documents from the real window", () => {
  before(async () => {
    cli(dataDir, ["--user", "boss", "setup", "--workstation", "AST9", "--language", "kk"]);
    const row = JSON.parse(
      cli(dataDir, ["--user", "boss", "journal", "add", "--organisation", "ТОО «Қазақ Телеком»", "--bin-iin", "971240001315",
        "--channel", "email", "--contact", "support@example.kz", "--description", "Баға ұсынысы жүктелмейді",
        "--rule-set", "QUASI-1216", "--received-at", "25.11.2026 10:05", "--json"]),
    );
    number = row.number;
    cli(dataDir, ["--user", "boss", "journal", "triage", number, "--analysis", "confirmed", "--criticality", "high",
      "--operator-fault", "--failure-type", "operator_physical_damage", "--decision", "Модуль серверінің ақауы",
      "--at", "25.11.2026 10:20"]);
    stopDriver = await startDriver("tauri-driver-documents.log");
  });

  after(() => stopDriver?.());

  it("makes, signs and verifies the Journal extract, and makes the letter to the authority", async () => {
    const p12 = makeKey();
    const app = await openApp(dataDir, ["--user", "boss"]);
    try {
      await click(app, "#supervisor");
      await fill(app, "#extract-from", "01.11.2026");
      await fill(app, "#extract-to", "30.11.2026");
      await (await app.$("#extract-lang")).selectByAttribute("value", "kk");
      await click(app, "#extract-make");
      const path = await text(app, "#extract-path");
      assert.match(path, /documents/);
      const words = pdftotext(path);
      assert.ok(words.includes("ТОО «Қазақ Телеком»"), words);
      assert.ok(words.includes(number), words);

      await fill(app, "#extract-p12", p12);
      await fill(app, "#extract-password", PASSWORD);
      await click(app, "#extract-sign");
      assert.match(await text(app, "#extract-signed"), /ӘЛИЕВ НҰРЛАН/);
      const sig = execFileSync("pdfsig", [path], { encoding: "utf8" });
      assert.equal(sig.match(/Signature is Valid/g)?.length, 1, sig);
      // No trust store was imported: the signature is read, the verdict is "not trusted".
      await click(app, "#extract-verify");
      const report = await text(app, "#extract-report");
      assert.match(report, /ӘЛИЕВ НҰРЛАН/);
      assert.match(report, /^✗ /);
      // …and the window says where the trust store is read from.
      assert.ok(report.includes(`${dataDir}/trust`), report);
      await click(app, "#sup-close");

      await app.waitUntil(async () => (await app.$$(`#journal tbody tr[data-number="${number}"]`)).length === 1, { timeout: 10_000 });
      await (await (await app.$(`#journal tbody tr[data-number="${number}"]`)).$("td")).click();
      await (await app.$("#letter-lang")).selectByAttribute("value", "ru");
      await click(app, "#letter-make");
      const letter = await text(app, "#letter-path");
      const letterWords = pdftotext(letter);
      assert.ok(letterWords.includes("Письменное извещение уполномоченного органа"), letterWords);
      assert.ok(letterWords.includes(number), letterWords);
    } finally {
      await app.deleteSession();
    }
  });

  it("makes the Commission protocol and signs it three times: chair and two members", async () => {
    const meeting = join(keys, "meeting.json");
    writeFileSync(meeting, JSON.stringify({
      number: "7", date: "26.11.2026", drawn_up: "27.11.2026", place: "Астана",
      agenda: ["«Ақ Жол» ЖШС электрондық сауда алаңын сынауға жіберу туралы"],
      decision: "Сынақты 03.12.2026 өткізу",
      members: [
        { name: "Әлиев Нұрлан", chair: true, vote: "for" },
        { name: "Сәрсенова Әйгерім", vote: "for" },
        { name: "Жұмабеков Ғалым", vote: "against", dissent: "Қауіпсіздік сынағының хаттамасы жоқ" },
        { name: "Құрманова Үміт", present: false },
        { name: "Өтегенов Ілияс", present: false },
      ],
    }));
    const signers = [["ТӨРАҒА ӘЛИЕВ", "chair"], ["МҮШЕ СӘРСЕНОВА", "member1"], ["МҮШЕ ЖҰМАБЕКОВ", "member2"]];
    const p12s = signers.map(([name, file]) => makeKey(name, file));
    const app = await openApp(dataDir, ["--user", "boss"]);
    try {
      await click(app, "#supervisor");
      await fill(app, "#protocol-input", meeting);
      await (await app.$("#protocol-lang")).selectByAttribute("value", "kk");
      await click(app, "#protocol-make");
      const path = await text(app, "#protocol-path");
      const words = pdftotext(path);
      assert.ok(words.includes("Комиссия отырысының № 7 хаттамасы"), words);
      assert.ok(words.includes("Қауіпсіздік сынағының хаттамасы жоқ"), words);
      for (const [i, [name]] of signers.entries()) {
        await fill(app, "#protocol-p12", p12s[i]);
        await fill(app, "#protocol-password", PASSWORD);
        await click(app, "#protocol-sign");
        await app.waitUntil(async () => (await (await app.$("#protocol-signed")).getText()).includes(name), { timeout: 10_000 });
      }
      const sig = execFileSync("pdfsig", [path], { encoding: "utf8" });
      assert.equal(sig.match(/Signature is Valid/g)?.length, 3, sig);
      await click(app, "#protocol-verify");
      const report = await text(app, "#protocol-report");
      for (const [name] of signers) assert.match(report, new RegExp(name));
    } finally {
      await app.deleteSession();
    }
  });
});
