import { expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  accounts,
  consentedClaim,
  engagementIdByName,
  expectNoAxeViolations,
  expectPageLanguage,
  hydrated,
  signIn,
  withOwnServer,
} from "./helpers";

// Issue 17: the To do inbox (the partner's home), the bell, the notifications and their
// preferences. A server of its own: the customer's answer here must be this file's only news.
const test = withOwnServer("attention");

const T_TAILSPIN = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";

/** The feed as Python's icalendar reads it (an independent parser; the Rust tests use the same
 * script), failing on any problem it reports. */
function parseIcs(ics: string): { name: string; events: { uid: string; summary: string; end: number }[] } {
  const script = path.join(__dirname, "..", "..", "server", "tests", "common", "ics_events.py");
  return JSON.parse(execFileSync("python3", [script], { input: ics }).toString());
}

async function toFrench(page: Page) {
  await hydrated(page);
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
}

async function toEnglish(page: Page) {
  await hydrated(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
}

test("the To do page lists what waits on the partner with its one action, filters, and passes axe in English and French", async ({ page }) => {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  await expect(page.getByRole("heading", { name: "To do", level: 1 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /^To do: \d+ waiting on you$/ })).toBeVisible();

  // The demo claim the programme asked more of: its deadline, the time left, its one action.
  const inbox = page.getByTestId("attention");
  const asked = inbox.getByRole("row", { name: /Adventure Works AI pilot/ });
  await expect(asked).toContainText("Partner action required");
  await expect(asked).toContainText(/\d+ days? left/);
  await expect(asked.getByRole("link", { name: "Answer the programme" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Money at risk by week", level: 2 })).toBeVisible();
  await expectNoAxeViolations(page);

  // Filters by location and due-within narrow the rows; the URL keeps them.
  await hydrated(page);
  await page.getByLabel("Location").selectOption({ label: "Contoso Consulting Lyon" });
  await page.getByLabel("Due within").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/location=1000002/);
  await expect(page).toHaveURL(/within=30/);
  const rows = inbox.getByRole("row");
  await expect(rows.first()).toBeVisible();
  for (const text of await inbox.locator("tbody tr").allInnerTexts()) {
    expect(text).toContain("Contoso Consulting Lyon");
  }
  await page.getByLabel("Location").selectOption({ label: "Contoso Consulting Montréal" });
  await page.getByLabel("Engagement").selectOption({ label: "Azure Migration Assessment" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("heading", { name: "Nothing matches these filters" })).toBeVisible();

  await page.goto("/attention");
  await toFrench(page);
  await expect(page.getByRole("heading", { name: "À faire", level: 1 })).toBeVisible();
  await expect(page.getByTestId("attention").getByRole("link", { name: "Répondre au programme" })).toBeVisible();
  await expectNoAxeViolations(page);
  await toEnglish(page);

  // The action is taken where it always is.
  await page.getByTestId("attention").getByRole("row", { name: /Adventure Works AI pilot/ }).getByRole("link", { name: "Answer the programme" }).click();
  await expect(page).toHaveURL(/\/claims\/C-[0-9A-Z]+\/submit$/);
});

test("a customer's answer reaches the bell and the mailbox as the preferences say, and is marked read", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  // The demo's own history told the administrator of its claims: read them all first.
  await page.getByRole("link", { name: /^Notifications: \d+ unread$/ }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await hydrated(page);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("link", { name: "Notifications: none unread" })).toBeVisible();

  // Every claim of the user's locations, the customer's acceptance by e-mail at once.
  await page.getByRole("link", { name: "Notification preferences" }).click();
  await expect(page.getByRole("heading", { name: "Notification preferences", level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Every claim of my locations").check();
  await page.getByLabel("The customer accepted").selectOption({ label: "E-mail at once" });
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").getByText("Your preferences are saved.")).toBeVisible();
  await expectNoAxeViolations(page);
  await toFrench(page);
  await expect(page.getByRole("heading", { name: "Préférences de notification", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await toEnglish(page);
  await page.reload();
  await expect(page.getByLabel("Every claim of my locations")).toBeChecked();

  // A claim of Lyon's, its partner contact someone else: the customer accepts.
  const security = await engagementIdByName(page, "Security Envisioning");
  const claimRef = await consentedClaim(page, browser, {
    friendly_name: "Tailspin SOC envisioning",
    location_id: "1000002",
    customer_id_type: "tenant_id",
    customer_id_value: T_TAILSPIN,
    engagement_ids: [security],
    contact_email: "ciso@tailspintoys.com",
    contact_name: "Lena Hoffmann",
    contact_language: "en",
  });

  await page.goto("/attention");
  const bell = page.getByRole("link", { name: "Notifications: 1 unread" });
  await expect(bell).toBeVisible();
  // The claim now waits on its proof.
  await expect(
    page.getByTestId("attention").getByRole("row", { name: new RegExp(claimRef) }).getByRole("link", { name: "Submit proof" }),
  ).toBeVisible();

  await bell.click();
  const list = page.getByRole("list", { name: "Your notifications" });
  const item = list.getByRole("listitem").filter({ hasText: claimRef });
  await expect(item.getByRole("link", { name: "Tailspin Toys accepted the consent request" })).toBeVisible();
  await expect(item.getByText("New", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await toFrench(page);
  await expect(
    page.getByRole("list", { name: "Vos notifications" }).getByRole("listitem").filter({ hasText: claimRef })
      .getByRole("link", { name: "Tailspin Toys a accepté la demande de consentement" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await toEnglish(page);

  // The e-mail, in the development mailbox.
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/dev/mailbox?to=${encodeURIComponent(accounts.contosoAdmin)}`);
        return (await response.text()).includes("Tailspin Toys accepted the consent request");
      },
      { timeout: 20_000, message: "the notification e-mail" },
    )
    .toBe(true);

  await hydrated(page);
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(page.getByRole("link", { name: "Notifications: none unread" })).toBeVisible();
  await expect(item.getByText("New", { exact: true })).toHaveCount(0);
});

test("a calendar address is made, downloaded and read by a calendar parser, then revoked", async ({ page }) => {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  await page.goto("/notifications/preferences");
  await hydrated(page);
  const section = page.getByRole("region", { name: "Calendar feed" });
  await expect(section.getByText("You have no calendar address yet.")).toBeVisible();
  await section.getByRole("button", { name: "Make a calendar address" }).click();
  await expect(section.getByRole("status").getByText(/Your new address is ready/)).toBeVisible();
  const address = await section.getByLabel("Calendar address").inputValue();
  expect(address).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(section.getByRole("link", { name: "Subscribe in your calendar" })).toHaveAttribute(
    "href",
    address.replace(/^https?:\/\//, "webcal://"),
  );
  await expect(section.getByRole("button", { name: "Make a new address" })).toBeVisible();
  await expectNoAxeViolations(page);

  // The browser downloads it; Python's icalendar reads every deadline, the demo's request first.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    section.getByRole("link", { name: "Download the calendar" }).click(),
  ]);
  const ics = fs.readFileSync((await download.path())!, "utf8");
  const feed = parseIcs(ics);
  expect(feed.name).toBe("MCI Customers: deadlines");
  expect(feed.events.length).toBeGreaterThan(1);
  const review = feed.events.find((e) => e.summary.startsWith("Review deadline: "));
  expect(review, JSON.stringify(feed.events)).toBeTruthy();
  expect(review!.uid).toMatch(/^C-[0-9A-Z]{10}-review-\d+@mci-customers$/);

  // Read without a session, as a calendar reads it; the page then says a calendar read it.
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.get(address)).status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("region", { name: "Calendar feed" }).getByText(/A calendar last read it on/)).toBeVisible();

  await hydrated(page);
  await page.getByRole("region", { name: "Calendar feed" }).getByRole("button", { name: "Revoke the address" }).click();
  await expect(page.getByRole("region", { name: "Calendar feed" }).getByText("You have no calendar address yet.")).toBeVisible();
  expect((await anonymous.request.get(address)).status()).toBe(404);
  await anonymous.close();
});

test("the administrator sets the automatic consent reminder of an engagement, and it is kept", async ({ page }) => {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  const security = await engagementIdByName(page, "Security Envisioning");
  await page.goto(`/engagements/${security}/customers`);
  await hydrated(page);
  const setting = page.getByRole("region", { name: "Automatic consent reminder" });
  await expect(setting.getByLabel("Remind customers")).toHaveValue("");
  await setting.getByLabel("Remind customers").selectOption({ label: "3 days before expiry" });
  await setting.getByRole("button", { name: "Save reminder" }).click();
  await expect(setting.getByRole("status").filter({ hasText: "The reminder is saved" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.reload();
  await expect(page.getByRole("region", { name: "Automatic consent reminder" }).getByLabel("Remind customers")).toHaveValue("3");
  await toFrench(page);
  await expect(page.getByRole("region", { name: "Relance automatique du consentement" })).toBeVisible();
  await expectNoAxeViolations(page);
  await toEnglish(page);
});
