import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import { serverBinary, serverEnv } from "./server";

// The server under test (server.ts: the debug binary built by `cargo leptos build`, a fresh
// SQLite database holding the demo data), on its own port.
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
  // The consent files run last, after every other file: they add claims the Customers page
  // tests do not expect, and consent-time moves the server's clock forward.
  projects: [
    { name: "chromium", testIgnore: /(consent|review)-.*\.spec\.ts/ },
    { name: "consent", testMatch: /consent-.*\.spec\.ts/, dependencies: ["chromium"] },
    // Submission and review, after consent: they need consented claims of their own, and the last
    // one moves the clock past a submission deadline.
    { name: "review", testMatch: /review-.*\.spec\.ts/, dependencies: ["consent"] },
  ],
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
