// First-load budgets of the release bundle (scripts/budgets.sh builds it and starts this run):
// what a browser with an empty cache receives for a page until it is interactive (hydrated and
// the network idle): HTML, JS, WASM and CSS, bodies as encoded on the wire plus headers.
import { BrowserContext, expect, Page, test } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { accounts, DEMO_PASSWORD, hydrated } from "../tests/helpers";

const BUDGETS: Record<string, number> = {
  "sign-in": 150_000,
  consent: 150_000,
  customers: 250_000,
};

interface Load {
  page: string;
  bytes: number;
  budget: number;
  files: { url: string; bytes: number; encoding: string }[];
}

const loads: Load[] = [];

/** Loads `url` in `page` (its context's cache empty) and counts every response it received. */
async function firstLoad(page: Page, name: string, url: string): Promise<Load> {
  const finished: Promise<{ url: string; bytes: number; encoding: string }>[] = [];
  page.on("requestfinished", (request) => {
    finished.push(
      (async () => {
        const sizes = await request.sizes();
        const response = await request.response();
        const encoding = (await response?.headerValue("content-encoding")) ?? "identity";
        return {
          url: new URL(request.url()).pathname,
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          encoding,
        };
      })(),
    );
  });
  await page.goto(url);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  const files = await Promise.all(finished);
  const load = { page: name, bytes: files.reduce((sum, f) => sum + f.bytes, 0), budget: BUDGETS[name], files };
  loads.push(load);
  return load;
}

function report(load: Load) {
  const lines = load.files.map((f) => `  ${String(f.bytes).padStart(9)} B  ${f.encoding.padEnd(8)} ${f.url}`);
  return `${load.page}: ${load.bytes} B of ${load.budget} B\n${lines.join("\n")}`;
}

async function signedIn(context: BrowserContext, baseURL: string) {
  const response = await context.request.post("/api/sign_in", {
    form: { email: accounts.contosoAdmin, password: DEMO_PASSWORD },
    headers: { origin: baseURL },
  });
  expect(response.status(), await response.text()).toBeLessThan(400);
}

test.afterAll(() => {
  const out = path.join(__dirname, "..", "..", "target", "budgets.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(loads, null, 2));
});

test("the sign-in page's first load stays within its budget", async ({ page }) => {
  const load = await firstLoad(page, "sign-in", "/sign-in");
  console.log(report(load));
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(load.bytes, report(load)).toBeLessThanOrEqual(load.budget);
});

test("the public consent page's first load stays within its budget", async ({ browser, baseURL }) => {
  // A consent link the demo data's outbox delivered.
  const lookup = await browser.newPage();
  await lookup.goto("/dev/mailbox");
  const link = await lookup.locator('a[href*="/consent/"]').first().getAttribute("href");
  await lookup.close();
  expect(link, "a consent e-mail in the development mailbox").toBeTruthy();
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const load = await firstLoad(page, "consent", new URL(link!, baseURL).pathname + new URL(link!, baseURL).search);
  console.log(report(load));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(load.bytes, report(load)).toBeLessThanOrEqual(load.budget);
  await context.close();
});

test("the Customers page's first load stays within its budget, and a wizard's code comes when it is opened", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL });
  await signedIn(context, baseURL!);
  const page = await context.newPage();
  const load = await firstLoad(page, "customers", "/engagements/1/customers");
  console.log(report(load));
  await expect(page.getByRole("tab", { name: /Eligible/ })).toBeVisible();
  expect(load.bytes, report(load)).toBeLessThanOrEqual(load.budget);

  // Opening the Add customer wizard fetches its own chunk, and the wizard works.
  const chunks: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) chunks.push(new URL(request.url()).pathname);
  });
  await page.getByRole("link", { name: "Add customer" }).click();
  await expect(page.getByRole("heading", { name: "Add customer", level: 1 })).toBeVisible();
  expect(chunks.length, "the wizard's code arrives as a chunk of its own").toBeGreaterThan(0);
  await context.close();
});
