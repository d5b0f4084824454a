import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";
import { serverBinary, serverEnv } from "./server";

// The first-load budgets (scripts/budgets.sh): the release bundle (split by route, hashed,
// precompressed) served by the server binary that budgets.sh puts beside its hash.txt, with the
// demo data. Bytes are counted as the browser received them.
const port = Number(process.env.E2E_PORT ?? 3190);
const baseURL = `http://127.0.0.1:${port}`;
const dbDir = process.env.E2E_DB_DIR ?? path.join(os.tmpdir(), `mci-budgets-${process.pid}`);

export default defineConfig({
  testDir: "./budgets",
  timeout: 180_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  use: {
    baseURL,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
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
