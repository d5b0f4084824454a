import { expect } from "@playwright/test";
import { accounts, consentLinks, createClaim, engagementIdByName, hydrated, moveClock, sendConsentFromClaim, signIn, withOwnServer, toEngagements } from "./helpers";

// A server of its own: the file moves the server's clock forward (the development-only control),
// which would move every other file's deadlines too.
const test = withOwnServer("consent-resend-expiry");

test("a re-send, allowed once an hour, replaces the first link", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const claim = await createClaim(page, {
    // Northwind Holdings by its opportunity: free on Azure Accelerate Deployment in the demo data
    // (the limits are per customer, whatever ID is typed).
    friendly_name: "Fourth Coffee group security",
    location_id: "1000002",
    customer_id_type: "msx_opportunity_id",
    customer_id_value: "7-NW4K8P2M1Z",
    hours: 40,
    engagement_ids: [await engagementIdByName(page, "Azure Accelerate Deployment")],
    contact_email: "ciso@fourthcoffee.com",
    contact_name: "Dana Shaw",
    contact_language: "en",
  });
  await page.goto(`/claims/${claim}`);
  await hydrated(page);
  await sendConsentFromClaim(page);
  const customer = await (await browser.newContext()).newPage();
  const [first] = await consentLinks(customer, "ciso@fourthcoffee.com");

  // Within the hour the flow says when a re-send becomes possible, and will not send.
  await page.goto(`/claims/${claim}`);
  await hydrated(page);
  await expect(page.getByTestId("consent-action")).toHaveText("Re-send consent e-mail");
  await page.getByTestId("consent-action").click();
  await expect(page.getByTestId("consent-blocked")).toContainText("less than an hour ago");

  await moveClock(page, 3_601);
  await page.goto(`/claims/${claim}`);
  await hydrated(page);
  await sendConsentFromClaim(page, "Re-send for consent");
  const [second, old] = await consentLinks(customer, "ciso@fourthcoffee.com", 2);
  expect(old).toBe(first);
  expect(second).not.toBe(first);
  // The newest e-mail, the re-send, is a reminder.
  await expect(customer.getByRole("article").first().getByRole("heading")).toHaveText(/^Reminder: /);

  await customer.goto(first);
  await expect(customer.getByRole("heading", { name: "This link has been replaced" })).toBeVisible();
  await customer.goto(second);
  await expect(customer.getByRole("button", { name: "Accept" })).toBeVisible();
});

test("an expired consent: the link says so and the claim ends", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const claim = await createClaim(page, {
    // Litware Group: free on Security Envisioning in the demo data (its claim there ended).
    friendly_name: "Fourth Coffee Copilot workshop",
    location_id: "1000002",
    customer_id_type: "tpid",
    customer_id_value: "4567890",
    engagement_ids: [await engagementIdByName(page, "Security Envisioning")],
    contact_email: "paul.martin@fourthcoffee.com",
    contact_name: "Paul Martin",
    contact_language: "en",
  });
  await page.goto(`/claims/${claim}`);
  await hydrated(page);
  await sendConsentFromClaim(page);
  const customer = await (await browser.newContext()).newPage();
  const [link] = await consentLinks(customer, "paul.martin@fourthcoffee.com");

  // Security Envisioning gives 21 days to consent.
  await moveClock(page, 22 * 24 * 3600);
  await customer.goto(link);
  await expect(customer.getByRole("heading", { name: "This request has expired" })).toBeVisible();
  await expect(customer.getByRole("button", { name: "Accept" })).toHaveCount(0);

  await page.goto(`/claims/${claim}`);
  await expect(page.getByText("Consent expired", { exact: true }).first()).toBeVisible();
});
