import { expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO_PASSWORD = "Demo!2026-mci";

export const accounts = {
  contosoAdmin: "admin@contoso.example",
  contosoUser: "user@contoso.example",
  contosoStaff: "staff@contoso.example",
  fabrikamAdmin: "admin@fabrikam.example",
  reviewer: "reviewer@programme.example",
};

/** Waits until the WASM app has taken over the server-rendered page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__mciHydrated === true, null, { timeout: 30_000 });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Runs axe on the page as it is and fails on any violation. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, summary.join("\n")).toEqual([]);
}
