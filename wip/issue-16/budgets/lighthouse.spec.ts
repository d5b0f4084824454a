// Lighthouse 12 (npm lighthouse@12.2.3, the mobile preset: a mid-range phone, simulated slow 4G)
// on the sign-in, consent and Customers pages of the release bundle, in Debian's Chromium
// (scripts/budgets.sh --lighthouse). Thresholds: performance >= 95, accessibility 100, Time to
// Interactive <= 3.5 s. The scores go to target/lighthouse.json.
import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { accounts, DEMO_PASSWORD } from "../tests/helpers";

interface Score {
  page: string;
  performance: number;
  accessibility: number;
  interactiveMs: number;
  lcpMs: number;
  bytes: number;
}

const scores: Score[] = [];

function lighthouse(page: string, url: string, headers: Record<string, string> = {}): Score {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mci-lh-")), "report.json");
  const args = [
    url,
    "--quiet",
    "--output=json",
    `--output-path=${out}`,
    "--only-categories=performance,accessibility",
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
  ];
  if (Object.keys(headers).length > 0) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  execFileSync(process.env.LIGHTHOUSE_BIN!, args, {
    env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 170_000,
  });
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  const score: Score = {
    page,
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    interactiveMs: Math.round(report.audits.interactive.numericValue),
    lcpMs: Math.round(report.audits["largest-contentful-paint"].numericValue),
    bytes: Math.round(report.audits["total-byte-weight"].numericValue),
  };
  scores.push(score);
  console.log(JSON.stringify(score));
  return score;
}

function meetsThresholds(score: Score) {
  expect.soft(score.performance, `${score.page}: performance`).toBeGreaterThanOrEqual(95);
  expect.soft(score.accessibility, `${score.page}: accessibility`).toBe(100);
  expect.soft(score.interactiveMs, `${score.page}: Time to Interactive (ms)`).toBeLessThanOrEqual(3_500);
}

test.afterAll(() => {
  const out = path.join(__dirname, "..", "..", "target", "lighthouse.json");
  fs.writeFileSync(out, JSON.stringify(scores, null, 2));
});

test("Lighthouse: sign-in page", async ({ baseURL }) => {
  meetsThresholds(lighthouse("sign-in", `${baseURL}/sign-in`));
});

test("Lighthouse: consent page", async ({ page, baseURL }) => {
  await page.goto("/dev/mailbox");
  const link = await page.locator('a[href*="/consent/"]').first().getAttribute("href");
  expect(link, "a consent e-mail in the development mailbox").toBeTruthy();
  meetsThresholds(lighthouse("consent", new URL(link!, baseURL).toString()));
});

test("Lighthouse: Customers page", async ({ request, baseURL }) => {
  const response = await request.post("/api/sign_in", {
    form: { email: accounts.contosoAdmin, password: DEMO_PASSWORD },
    headers: { origin: baseURL! },
  });
  expect(response.status()).toBeLessThan(400);
  const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  meetsThresholds(lighthouse("customers", `${baseURL}/engagements/1/customers`, { Cookie: cookie }));
});
