// The server under test: the debug binary built by `cargo leptos build`, on a port of its own,
// with a fresh SQLite database holding the demo data (see scripts/test-all.sh, which sets
// E2E_SERVER_BIN and E2E_SITE_ROOT).
import * as os from "node:os";
import * as path from "node:path";

export const serverBinary =
  process.env.E2E_SERVER_BIN ?? path.join(os.homedir(), ".cache/mci-customers/target/debug/mci-customers");

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
    RUST_LOG: "warn",
  };
}
