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

/** Nominates a customer through the server function the wizards call, as the signed-in user of
 * `page`; returns the new claim's reference. */
export async function createClaim(page: Page, request: Record<string, unknown>): Promise<string> {
  const response = await page.request.post("/api/create_claims", {
    data: {
      request: {
        origin: "added",
        contact_phone: "",
        partner_contact_name: "Camille Martin",
        partner_contact_email: "camille.martin@contoso.example",
        mismatch_reason: "",
        mismatch_details: "",
        hours: null,
        idempotency_key: `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        ...request,
      },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  const created = await response.json();
  return created[0].claim_ref as string;
}

/** The consent links delivered to `to` in the development mailbox, newest first, once there
 * are at least `count` of them. */
export async function consentLinks(page: Page, to: string, count = 1): Promise<string[]> {
  const url = `/dev/mailbox?to=${encodeURIComponent(to)}`;
  let links: string[] = [];
  await expect
    .poll(
      async () => {
        await page.goto(url);
        links = await page.locator("article.mail a.mail-link").evaluateAll((anchors) =>
          anchors.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""),
        );
        return links.length;
      },
      { timeout: 20_000, message: `a consent e-mail to ${to}` },
    )
    .toBeGreaterThanOrEqual(count);
  return links;
}

/** Moves the server's clock forward (development-only control) and sweeps deadlines. */
export async function moveClock(page: Page, seconds: number) {
  const response = await page.request.post("/dev/clock", { form: { seconds: String(seconds) } });
  expect(response.status(), await response.text()).toBe(200);
}

/** From a claim's page: the Send (or Re-send) consent flow through to the confirmation. */
export async function sendConsentFromClaim(page: Page, button: "Send for consent" | "Re-send for consent" = "Send for consent") {
  await page.getByTestId("consent-action").click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Contacts", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: "Next: review" }).click();
  await expect(page.getByRole("heading", { name: "Review and send", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("heading", { name: "The consent e-mail is on its way" })).toBeVisible();
}
