// The installed app (issue 20 item 1): the .deb's binary, started from where dpkg put
// it, not from the build tree, registers one appeal through its window. Run by
// scripts/deb-test.sh after `dpkg -i`, with DESK_APP=/usr/bin/incident-desk.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP, cli, openApp, root, startDriver, text } from "./driver.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "desk-installed-"));
let stopDriver;

describe("the installed .deb", () => {
  before(async () => {
    assert.ok(!APP.startsWith(root), `DESK_APP is the build tree's ${APP}, not the installed app`);
    stopDriver = await startDriver("tauri-driver-installed.log");
  });

  after(() => stopDriver?.());

  it("starts, asks for the workstation and registers an appeal that `desk` then finds", async () => {
    const app = await openApp(dataDir);
    try {
      const code = await app.$("#setup-workstation");
      await code.waitForDisplayed({ timeout: 30_000 });
      await code.setValue("deb1");
      await (await app.$("#setup-save")).click();
      await (await app.$("#setup-workstation")).waitForExist({ reverse: true, timeout: 10_000 });

      await (await app.$("#new-appeal")).click();
      const org = await app.$("#f-organisation");
      await org.waitForDisplayed({ timeout: 10_000 });
      await org.setValue("ТОО «Орнатылған»");
      await (await app.$("#f-bin_iin")).setValue("971240001315");
      await (await app.$("#f-channel")).selectByAttribute("value", "phone");
      await (await app.$("#f-contact")).setValue("+7 701 000 00 01");
      await (await app.$("#f-description")).setValue("Портал не открывается после установки");
      await (await app.$("#save-appeal")).click();

      const row = await app.$("#journal tbody tr[data-number]");
      await row.waitForDisplayed({ timeout: 10_000 });
      const number = await row.getAttribute("data-number");
      assert.match(number, /^DEB1-\d{4}-000001$/);
      assert.ok((await text(app, "#status")).includes(number));

      const stored = JSON.parse(cli(dataDir, ["journal", "list", "--json"]));
      assert.deepEqual(
        stored.map((a) => [a.number, a.organisation]),
        [[number, "ТОО «Орнатылған»"]],
      );
    } finally {
      await app.deleteSession();
    }
  });
});
