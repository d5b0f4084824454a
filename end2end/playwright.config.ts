import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import { serverBinary, serverEnv } from "./server";

// The server most files share (server.ts: the debug binary built by `cargo leptos build`, a fresh
// SQLite database holding the demo data). Each file nominates customers no other file nominates
// on the same engagement; a file that needs a clean slate (it moves the clock, or needs more of
// the demo customers than the others leave it) starts a server of its own (`withOwnServer` in
// tests/helpers.ts). No file depends on another having run: any order works.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dbDir = process.env.E2E_DB_DIR ?? path.join(os.tmpdir(), `mci-e2e-${process.pid}`);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // The html reporter opens a server on failure and would hang CI.
  reporter: "list",
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `mkdir -p ${dbDir} && rm -rf ${dbDir}/e2e.db* ${dbDir}/documents && exec ${serverBinary}`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: serverEnv(port, dbDir),
  },
});
