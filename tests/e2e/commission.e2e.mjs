// End-to-end: the Commission in the real window (issue 17), in Kazakh and in Russian. The
// secretary records a 5-member composition, registers a form 2 application missing a
// document (rejected with the list) and a complete one, sets up a meeting, takes the roll call with 4
// present, records a 3–1 vote and the dissenting opinion of the member against, draws up
// the protocol and has the four voters sign it with their own keys (made here by
// openssl). The signed file is read back with poppler's pdfsig and pdftotext.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, openApp, screenshot, startDriver, text } from "./driver.mjs";

const keys = mkdtempSync(join(tmpdir(), "desk-e2e-commission-keys-"));
const KEY_PASSWORD = "Qwerty123";
let stopDriver;

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

/** A self-signed signing certificate for one member, as PKCS#12. */
function makeKey(name, file) {
  const ossl = (args) => execFileSync("openssl", args, { cwd: keys, stdio: "pipe" });
  ossl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", `${file}.pem`, "-out", `${file}.crt`, "-days", "30", "-utf8",
    "-subj", `/CN=${name}/serialNumber=IIN880101300123`,
    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation", "-addext", "extendedKeyUsage=emailProtection"]);
  ossl(["pkcs12", "-export", "-inkey", `${file}.pem`, "-in", `${file}.crt`, "-out", `${file}.p12`, "-passout", `pass:${KEY_PASSWORD}`]);
  return join(keys, `${file}.p12`);
}

const MEMBERS = ["Әлиев Нұрлан", "Сәрсенова Әйгерім", "Жұмабеков Ғалым", "Құрманова Үміт", "Өтегенов Ілияс"];

/** What each language must show at each step (the translation files' words). */
const WORDS = {
  kk: { lacking: "Интеграциялық сынақтардың оң хаттамасы жоқ", quorum: "Кворум бар", adopted: "Шешім қабылданды", counts: "Жақтап 3 · қарсы 1", due: "Мерзімі", signatures: "Қолдар: 4 қолдың 4 қойылды", title: "Комиссия отырысының № 1 хаттамасы" },
  ru: { lacking: "Нет положительного протокола интеграционных испытаний", quorum: "Кворум есть", adopted: "Решение принято", counts: "За 3 · против 1", due: "Срок", signatures: "Подписи: 4 из 4", title: "Протокол заседания Комиссии № 1" },
};

async function walk(lang) {
  const dataDir = mkdtempSync(join(tmpdir(), `desk-e2e-commission-${lang}-`));
  cli(dataDir, ["--user", "secretary", "setup", "--workstation", "AST5", "--language", lang]);
  const w = WORDS[lang];
  const app = await openApp(dataDir, ["--user", "secretary"]);
  try {
    await click(app, "#commission");
    assert.ok((await text(app, "#meetings-none")).length > 0, "an empty Commission says what to do first");

    // The composition (003 §5): 5 members, a chair, the chamber's representative.
    await click(app, "#tab-composition");
    await click(app, "#composition-edit");
    // A bad order date is refused naming the field, and nothing is recorded.
    await fill(app, "#f-order-number", "15-П");
    await fill(app, "#f-order-date", "31.02.2026");
    for (const [i, name] of MEMBERS.entries()) await fill(app, `#f-member-${i}-name`, name);
    await fill(app, "#f-member-4-organisation", "«Атамекен» ҰКП");
    await click(app, "#composition-save");
    assert.match(await text(app, "#composition-error"), /order\.date/);
    await fill(app, "#f-order-date", "02.11.2026");
    await click(app, "#composition-save");
    await app.waitUntil(async () => (await app.$$("#composition-members tbody tr")).length === 5, { timeout: 10_000 });
    assert.match(await text(app, "#composition-order"), /15-П/);

    // Two form 2 applications (003 §21–22): one without the integration test protocol is
    // rejected with what it lacks; the complete one has its meeting clock (003 §23).
    await click(app, "#tab-applications");
    for (const [number, withProtocol] of [["ЭСА-1", false], ["ЭСА-2", true]]) {
      await click(app, "#application-new");
      await fill(app, "#f-application-number", number);
      await fill(app, "#f-application-owner", "«Ақ Жол» ЖШС");
      await fill(app, "#f-application-bin_iin", "971240001315");
      await fill(app, "#f-application-platform", "AqJol Market");
      await fill(app, "#f-application-licence", "АС-0042");
      await click(app, "#f-application-declaration");
      for (const d of ["technical_specification", "non_disclosure_agreement", "functional_compliance", "compliance_evidence", "copyright_document", "tariffs"]) await click(app, `#doc-${d}`);
      if (withProtocol) await click(app, "#doc-integration_test_protocol");
      await fill(app, "#f-infosec-date", "15.09.2026");
      await click(app, "#application-save");
      await app.waitUntil(async () => (await app.$$(`#application-detail[data-number="${number}"]`)).length === 1, { timeout: 10_000 });
    }
    await click(app, '#application-list tr[data-number="ЭСА-1"] td');
    const lacking = await text(app, '#application-missing li[data-code="integration_test_protocol"]');
    assert.ok(lacking.includes(w.lacking), lacking);
    assert.equal((await app.$$('#application-detail p[data-code="rejected"]')).length, 1);
    await click(app, '#application-list tr[data-number="ЭСА-2"] td');
    assert.match(await text(app, '#application-clocks tr[data-duty="meeting"]'), /003 §23|003 23|п\. 23/);
    await screenshot(app, `commission-applications-${lang}.png`);

    // A meeting today with one item put to the vote.
    await click(app, "#tab-meetings");
    await click(app, "#meeting-new");
    await fill(app, "#f-meeting-place", "Астана, Мәңгілік Ел 8");
    await fill(app, "#f-item-0-title", "«Ақ Жол» ЖШС 2-нысандағы өтінімі");
    await (await app.$("#f-item-0-kind")).selectByAttribute("value", "connect");
    await click(app, "#meeting-save");
    await text(app, "#meeting-heading");
    // 003 §23: the notice to the members, with the agenda.
    await click(app, "#notice-make");
    const notice = (await text(app, "#notice-done")).split(": ").pop();
    assert.ok(execFileSync("pdftotext", [notice, "-"], { encoding: "utf8" }).includes("«Ақ Жол» ЖШС 2-нысандағы өтінімі"));

    // Roll call: the fifth member is absent; 4 of 5 is a quorum (003 §10).
    await click(app, "#present-m5");
    await click(app, "#attendance-save");
    assert.ok((await text(app, "#quorum")).includes(w.quorum));

    // 3–1, the count live as the votes come in, then the decision with its rule.
    for (const [member, vote] of [["m1", "for"], ["m2", "for"], ["m3", "for"], ["m4", "against"]]) {
      await click(app, `#vote-1-${member}-${vote}`);
      await app.waitUntil(async () => (await app.$$(`#vote-1-${member}-${vote}`)).length === 0, { timeout: 10_000 });
    }
    assert.ok((await text(app, "#tally-1")).includes(w.counts));
    const outcome = await text(app, "#outcome-1");
    assert.ok(outcome.includes(w.adopted), outcome);
    assert.match(outcome, /003 §1[03]|003 1[03]|п\. 1[03]/);

    // The member against states a dissenting opinion (003 §16).
    await click(app, "#dissent-1 summary");
    await (await app.$("#dissent-1-member")).selectByAttribute("value", "m4");
    await fill(app, "#dissent-1-text", "Ақпараттық қауіпсіздік сынағының хаттамасы жоқ");
    await click(app, "#dissent-1-save");
    await app.waitUntil(async () => (await app.$$('blockquote.dissent[data-member="m4"]')).length === 1, { timeout: 10_000 });
    await (await app.$("#attendance")).scrollIntoView();
    await screenshot(app, `commission-meeting-${lang}.png`);

    // The protocol, due within 2 working days (003 §14), signed by the four voters.
    await click(app, "#protocol-draft");
    assert.ok((await text(app, "#protocol-due")).includes(w.due));
    const voters = [["m1", "ӘЛИЕВ НҰРЛАН"], ["m2", "СӘРСЕНОВА ӘЙГЕРІМ"], ["m3", "ЖҰМАБЕКОВ ҒАЛЫМ"], ["m4", "ҚҰРМАНОВА ҮМІТ"]];
    for (const [member, cn] of voters) {
      const p12 = makeKey(cn, `${lang}-${member}`);
      await (await app.$("#sign-member")).selectByAttribute("value", member);
      await fill(app, "#sign-p12", p12);
      await fill(app, "#sign-password", KEY_PASSWORD);
      await click(app, "#sign-protocol");
      await app.waitUntil(async () => (await app.$$(`#signers li.ok[data-member="${member}"]`)).length === 1, { timeout: 20_000 });
    }
    assert.ok((await text(app, "#protocol-signatures")).includes(w.signatures));
    assert.equal((await app.$$("#sign-form")).length, 0, "nobody is left to sign");
    const file = (await text(app, "#protocol-file")).split(": ").pop();
    const sig = execFileSync("pdfsig", [file], { encoding: "utf8" });
    assert.equal(sig.match(/Signature is Valid/g)?.length, 4, sig);
    const words = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    assert.ok(words.includes(w.title), words);
    assert.ok(words.includes("Ақпараттық қауіпсіздік сынағының хаттамасы жоқ"), words);
    // 003 §15: the signed protocol for the website, with its summary.
    await click(app, "#protocol-publish");
    await text(app, "#protocol-published");
    const summary = JSON.parse(readFileSync(join(dataDir, "documents", "publication", "protocol-1.json"), "utf8"));
    assert.equal(summary.items[0].outcome, "adopted");
    assert.equal(summary.protocol.signed_by.length, 4);
    // A signed protocol's text does not change (issue 17 §6).
    assert.equal(await (await app.$("#protocol-text")).getAttribute("readonly"), "true");
    await screenshot(app, `commission-${lang}.png`);
  } catch (e) {
    await screenshot(app, `commission-${lang}-failed.png`);
    throw e;
  } finally {
    await app.deleteSession();
  }
}

describe("the Commission in the real window", () => {
  before(async () => {
    stopDriver = await startDriver("tauri-driver-commission.log");
  });
  after(() => stopDriver?.());

  it("runs a meeting to a protocol signed by four voters, in Kazakh", () => walk("kk"));
  it("runs a meeting to a protocol signed by four voters, in Russian", () => walk("ru"));
});
