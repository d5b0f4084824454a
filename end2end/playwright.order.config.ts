// The suite with its files in an order of your choosing, to show that no file depends on another
// file's data or clock:
//   E2E_ORDER=reverse npx playwright test -c playwright.order.config.ts       (names, reversed)
//   E2E_ORDER=wizard.spec.ts,customers.spec.ts,… npx playwright test -c playwright.order.config.ts
// Playwright runs a project's files in name order whatever order the command line lists them in;
// projects without dependencies run in the order they are listed, so here each file is a project.
// (`npx playwright test --shuffle` gives a random order with the normal config.)
import { defineConfig } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import base from "./playwright.config";

const files = fs
  .readdirSync(path.join(__dirname, "tests"))
  .filter((f) => f.endsWith(".spec.ts"))
  .sort();
const order = process.env.E2E_ORDER ?? "reverse";
const listed = order === "reverse" ? [...files].reverse() : order.split(",").map((f) => f.trim());
for (const file of listed) {
  if (!files.includes(file)) throw new Error(`E2E_ORDER names ${file}, which is not in tests/`);
}

export default defineConfig({
  ...base,
  projects: listed.map((file) => ({ name: file, testMatch: `**/${file}` })),
});
