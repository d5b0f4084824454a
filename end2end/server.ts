// The server under test, as both the config's shared webServer and a file's own server start it:
// the debug binary built by `cargo leptos build`, on a port of its own, with a fresh SQLite
// database holding the demo data (see scripts/test-all.sh, which sets E2E_SERVER_BIN and
// E2E_SITE_ROOT).
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export const serverBinary =
  process.env.E2E_SERVER_BIN ?? path.join(os.homedir(), ".cache/mci-customers/target/debug/mci-customers");

/** The folder the config lives in: the webServer runs its command from here. */
const end2endDir = __dirname;

/** The environment of a server listening on `port` with its database and documents in `dbDir`. */
export function serverEnv(port: number, dbDir: string): Record<string, string> {
  return {
    APP_ENV: "development",
    DATABASE_URL: `sqlite://${dbDir}/e2e.db`,
    DOCUMENTS_DIR: `${dbDir}/documents`,
    SEED_DEMO_DATA: "true",
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? "../target/site",
    LEPTOS_OUTPUT_NAME: "mci-customers",
    LEPTOS_ENV: "PROD",
    // A release bundle's file names carry their hashes (scripts/budgets.sh sets this).
    LEPTOS_HASH_FILES: process.env.LEPTOS_HASH_FILES ?? "false",
    RUST_LOG: "warn",
  };
}

/** A port nobody listens on now, from the operating system. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function ready(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before it was ready (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs} ms`);
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

/** Starts a server of its own on a free port with a fresh database in a new folder, as the config's
 * webServer does (same binary, same environment); `stop` ends it and removes the folder. */
export async function startServer(label: string): Promise<RunningServer> {
  const port = await freePort();
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), `mci-e2e-${label}-`));
  const child = spawn(serverBinary, [], {
    cwd: end2endDir,
    env: { ...process.env, ...serverEnv(port, dbDir) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[server ${label}] ${chunk}`));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dbDir, { recursive: true, force: true });
  };
  try {
    await ready(`${url}/readyz`, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
