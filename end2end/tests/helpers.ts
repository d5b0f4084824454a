import { expect, Locator, Page, test as base } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { RunningServer, startServer } from "../server";

// Who nominates whom. Most files share the config's server. There, a file nominates a customer
// (by customer key: every ID of a customer counts) only on an engagement where no other file
// nominates it and where the fresh demo data leaves it free, so that files run in any order (the
// limits hold per customer and engagement, and each Customers page row a file asserts is found
// by a claim of its own or of the demo data's that no other file changes):
//
//   customers.spec.ts             Northwind Holdings on Azure Migration Assessment (cancels the
//                                 demo claim; reads that engagement's Customers page)
//   consent-answer.spec.ts        Northwind Holdings and Litware Group on Security Envisioning
//   claim-paid.spec.ts            Tailspin Toys on Security Envisioning
//   claim-dispute.spec.ts         Contoso Global Industries on Azure Migration Assessment
//   claim-partner-action.spec.ts  Litware Group on Data & AI Proof of Concept
//   foundation.spec.ts, programme-import.spec.ts: nobody (the import adds a tenant of its own)
//
// A file that moves the clock, or that needs more of the demo customers than the others leave,
// starts a server of its own (`withOwnServer` below): consent-resend-expiry.spec.ts,
// claim-late-submission.spec.ts, wizard.spec.ts (eight customer and engagement pairs, and the
// wizard's feedback counts every open engagement of a customer).

export const DEMO_PASSWORD = "Demo!2026-mci";

export const accounts = {
  contosoAdmin: "admin@contoso.example",
  contosoUser: "user@contoso.example",
  contosoStaff: "staff@contoso.example",
  fabrikamAdmin: "admin@fabrikam.example",
  reviewer: "reviewer@programme.example",
};

/** The test of a file with a server of its own, started before the file's first test (on a free
 * port, a fresh SQLite database in a new folder, the config's binary and environment: server.ts)
 * and stopped after its last one; `baseURL`, and so `page`, `request` and `browser.newContext()`,
 * point at it. Call once at the top of the file, with a name of its own:
 * `const test = withOwnServer("consent-resend-expiry");`. Playwright runs files whose worker
 * options differ in workers of their own, so two such files never share a server; a failed test
 * ends its worker, and the file's remaining tests get a new server. */
export function withOwnServer(name: string) {
  ownServerTest.use({ ownServer: name });
  return ownServerTest;
}

const ownServerTest = base.extend<{}, { ownServer: string; server: RunningServer }>({
  ownServer: ["", { scope: "worker", option: true }],
  server: [
    async ({ ownServer }, use) => {
      if (!ownServer) throw new Error("withOwnServer(name) names the file's server");
      const server = await startServer(ownServer);
      await use(server);
      await server.stop();
    },
    { scope: "worker", timeout: 180_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

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

/** After signing in a partner user lands on its To do page; from there, through the header, to the
 * engagements. */
export async function toEngagements(page: Page) {
  await expect(page).toHaveURL(/\/attention$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Engagements" }).click();
  await expect(page).toHaveURL(/\/engagements$/);
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
        links = await page.getByRole("article").getByRole("link").evaluateAll((anchors) =>
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

/** A minimal one-page PDF, as a partner's proof of execution. */
export const PROOF_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

/** A 1×1 PNG header, enough for the server's content check. */
export const PROOF_PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
]);

/** The id of the engagement whose link on the Engagements page has this name. */
export async function engagementIdByName(page: Page, name: string): Promise<number> {
  await page.goto("/engagements");
  const href = await page.getByRole("link", { name }).getAttribute("href");
  return Number(href!.split("/")[2]);
}

/** Nominates a customer, sends the consent e-mail from the claim page, and has the customer
 * accept through the link in the development mailbox. Leaves `page` on the claim. */
export async function consentedClaim(
  page: Page,
  browser: import("@playwright/test").Browser,
  request: Record<string, unknown>,
): Promise<string> {
  const claimRef = await createClaim(page, request);
  await page.goto(`/claims/${claimRef}`);
  await hydrated(page);
  await sendConsentFromClaim(page);
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  const [link] = await consentLinks(customer, String(request.contact_email));
  await customer.goto(link);
  await hydrated(customer);
  await customer.getByRole("button", { name: "Accept" }).click();
  await expect(customer.getByRole("heading", { name: "Thank you: you accepted" })).toBeVisible();
  await customerContext.close();
  await page.goto(`/claims/${claimRef}`);
  await hydrated(page);
  await expect(statusBadge(page)).toHaveText("Consent received");
  return claimRef;
}

/** Today's date at the server's clock (a file with a server of its own may have moved it
 * forward), `YYYY-MM-DD`. */
export async function serverToday(page: Page): Promise<string> {
  const response = await page.request.get("/dev/clock");
  const now = Number(/now=(\d+)/.exec(await response.text())![1]);
  return new Date(now * 1000).toISOString().slice(0, 10);
}

/** A reviewer's browser, signed in, on the review page of a claim (found through the queue). */
export async function reviewerOn(browser: import("@playwright/test").Browser, claimRef: string): Promise<Page> {
  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, accounts.reviewer);
  await expect(reviewer).toHaveURL(/\/programme/);
  await reviewer.goto("/programme/claims");
  await hydrated(reviewer);
  await reviewer.getByLabel("Claim ID, partner or customer").fill(claimRef);
  await reviewer.getByRole("button", { name: "Apply filters" }).click();
  await reviewer.getByRole("link", { name: claimRef }).click();
  await expect(reviewer.getByRole("heading", { name: `Claim ${claimRef}` })).toBeVisible();
  return reviewer;
}

/** Submits the claim shown on `page` with a PDF and today's date. */
export async function submitWithPdf(page: Page, fileName = "attendance.pdf") {
  await page.getByTestId("submit-action").click();
  await expect(page.getByRole("heading", { name: "Submit the claim", level: 1 })).toBeVisible();
  await page.getByLabel("Completion date").fill(await serverToday(page));
  await page.getByLabel("Documents").setInputFiles({ name: fileName, mimeType: "application/pdf", buffer: PROOF_PDF });
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(page.getByTestId("submitted-banner")).toBeVisible();
  await expect(statusBadge(page)).toHaveText("Submitted");
}

// ---------------------------------------------------------------------------------------------
// Widgets: one finder each, by role, label or the text a person reads.

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const anyOf = (texts: string[]) => texts.map(escapeRe).join("|");

/** Every claim status as the app names it (domain::ClaimStatus::message_en, message_fr). */
const STATUS_LABELS = [
  "Customer claimed", "Awaiting consent", "Consent received", "Consent declined", "Consent expired",
  "Canceled", "Expired before submission", "Submitted", "Under review", "Partner action required",
  "Approved", "Paid", "Rejected", "Disputed", "Rejected (final)", "Disputed expired",
  "Post submission expired",
  "Client revendiqué", "En attente du consentement", "Consentement reçu", "Consentement refusé",
  "Consentement expiré", "Annulée", "Expirée avant soumission", "Soumise", "En cours d'examen",
  "Action du partenaire requise", "Approuvée", "Payée", "Rejetée", "Contestée", "Rejet définitif",
  "Contestation expirée", "Expirée après soumission",
];

/** The claim page's status, the badge beside its title: the first status label on the page
 * (the badge has no role or name of its own; the review page's has `review-status`). */
export function statusBadge(page: Page): Locator {
  return page.getByRole("main").getByText(new RegExp(`^(${anyOf(STATUS_LABELS)})$`)).first();
}

/** A form's error summary (GOV.UK's): the alert headed "There is a problem". */
export function errorSummary(page: Page): Locator {
  return page
    .getByRole("alert")
    .filter({ has: page.getByRole("heading", { name: /^(There is a problem|Un problème est survenu)$/ }) });
}

/** The claim page's deadline: what closes, when, and the time left (domain::DeadlineKind,
 * domain::TimeLeft), read as one line (the box has no role or name). */
export function deadline(page: Page): Locator {
  const kind = "(Consent|Submission|Review|Dispute) deadline";
  const left = "(\\d+ (days?|hours?|minutes?) left|Overdue)";
  return page.getByRole("main").getByText(new RegExp(`^${kind}.*${left}$`));
}

/** The wizards' live feedback under the customer ID: who it is and where it is eligible. */
export function customerFeedback(page: Page): Locator {
  return page.getByTestId("customer-feedback");
}

/** The inline error of a form field: the text of what its `aria-describedby` names as the
 * field's error (`…-error`). For `expect.poll`. */
export function fieldError(field: Locator): Promise<string> {
  return field.evaluate((input) =>
    (input.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter((id) => id.endsWith("-error"))
      .map((id) => document.getElementById(id)?.textContent ?? "")
      .join(" "),
  );
}

/** The cell of a table row under the column headed `header` (its visible text, exactly): found by
 * the header's position in the row's table. */
export async function cell(row: Locator, header: string): Promise<Locator> {
  const at = await row.evaluate((tr, header) => {
    const visibleText = (node: Node): string =>
      node instanceof Element && node.getAttribute("aria-hidden") === "true"
        ? ""
        : node.nodeType === Node.TEXT_NODE
          ? (node.textContent ?? "")
          : Array.from(node.childNodes).map(visibleText).join("");
    let table = tr.parentElement;
    while (table && !(table instanceof HTMLTableElement)) table = table.parentElement;
    const headers = Array.from(table?.tHead?.rows[0]?.cells ?? []);
    const column = headers.findIndex((th) => visibleText(th).replace(/\s+/g, " ").trim() === header);
    const cells = Array.from((tr as HTMLTableRowElement).cells);
    if (column < 0 || column >= cells.length) return null;
    return {
      rowHeader: cells[column].tagName === "TH",
      nth: cells.slice(0, column).filter((c) => c.tagName !== "TH").length,
    };
  }, header);
  if (!at) throw new Error(`no column headed "${header}" in this row's table`);
  return at.rowHeader ? row.getByRole("rowheader") : row.getByRole("cell").nth(at.nth);
}

/** The language the page declares (`<html lang>`), once it is `lang`. */
export async function expectPageLanguage(page: Page, lang: string) {
  await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute("lang"))).toBe(lang);
}
