// A throwaway PostgreSQL cluster and the real `desk-server` on it, for the sync e2e test.
// The cluster is started as crates/testkit/src/postgres.rs starts it: initdb/pg_ctl into a
// temporary directory on a free loopback port, trust authentication on 127.0.0.1 only,
// and — PostgreSQL refuses to run as root — as the `postgres` account (else `nobody`)
// through runuser when the test runs as root (CI, containers).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, openSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { createServer } from "node:net";
import { artifacts, root } from "./driver.mjs";

export const SERVER = process.env.DESK_SERVER ?? join(root, "target/debug/desk-server");

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Where initdb and pg_ctl are: PATH first (followed to the real directory, where Debian
 * keeps the rest of the tools), else Debian's newest /usr/lib/postgresql/N/bin. */
function pgBin() {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dirname(realpathSync(join(dir, "initdb")));
  }
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, "bin/initdb"))).sort((a, b) => Number(a) - Number(b)) : [];
  if (!versions.length) throw new Error("PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql)");
  return join(base, versions.at(-1), "bin");
}

function runAs() {
  if (process.getuid?.() !== 0) return null;
  for (const user of ["postgres", "nobody"]) {
    if (spawnSync("id", ["-u", user], { stdio: "ignore" }).status === 0) return user;
  }
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a cluster with one database; returns its URL and a stop function. */
export async function startPostgres() {
  const bin = pgBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), "desk-e2e-pg-"));
  if (user) {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  const tool = (name, args, opts = {}) =>
    user ? spawnSync("runuser", ["-u", user, "--", join(bin, name), ...args], opts) : spawnSync(join(bin, name), args, opts);
  const data = join(dir, "data");
  const init = tool("initdb", ["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8", "-D", data], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    const start = tool("pg_ctl", ["-w", "-t", "60", "-o", options, "-l", join(dir, "log"), "-D", data, "start"], { stdio: "ignore" });
    if (start.status === 0) break;
    if (attempt >= 4) throw new Error("pg_ctl start failed");
  }
  const created = tool("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "desk"], { encoding: "utf8" });
  if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
  const stop = () => {
    tool("pg_ctl", ["-m", "immediate", "-w", "stop", "-D", data], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/desk`, stop };
}

/** Starts `desk-server` on `databaseUrl` with a supervisor account made by its admin
 * command (`desk-server user set LOGIN --role supervisor`); returns its URL and a stop
 * function. */
export async function startServer(databaseUrl, { login, password }) {
  const dir = mkdtempSync(join(tmpdir(), "desk-e2e-server-"));
  const port = await freePort();
  const config = join(dir, "server.toml");
  // Cheap password hashes: the test logs in several times.
  writeFileSync(config, `database_url = "${databaseUrl}"\nlisten = "127.0.0.1:${port}"\n[password_hash]\nmemory_kib = 256\niterations = 1\n`);
  execFileSync(SERVER, ["--config", config, "user", "set", login, "--role", "supervisor"], {
    env: { ...process.env, DESK_SERVER_PASSWORD: password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = openSync(join(artifacts, "desk-server-sync.log"), "w");
  const child = spawn(SERVER, ["--config", config], { stdio: ["ignore", log, log] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`desk-server exited (${child.exitCode}); see artifacts/desk-server-sync.log`);
    if (Date.now() > deadline) throw new Error("desk-server did not answer /health");
    await sleep(200);
  }
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
