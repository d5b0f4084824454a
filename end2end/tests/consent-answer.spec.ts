import { expect, test } from "@playwright/test";
import {
  accounts,
  consentLinks,
  createClaim,
  customerFeedback,
  deadline,
  expectNoAxeViolations,
  expectPageLanguage,
  hydrated,
  sendConsentFromClaim,
  signIn,
  toEngagements,
} from "./helpers";

// This file's customers, on the shared server: Northwind Holdings (by its tenant, Northwind
// Traders) and Litware Group (by its tenant, Litware) on Security Envisioning, where no other
// file nominates them and the demo data holds no open claim of either (Litware Group's ended:
// dispute expired).
const T_NORTHWIND = "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61";
const T_LITWARE = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";

test("add a customer, send for consent, the customer accepts and the partner sees it", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  await hydrated(page);
  await page.getByRole("link", { name: "Security Envisioning" }).click();
  await page.getByRole("link", { name: "Add customer" }).click();
  await hydrated(page);
  await page.getByLabel("Friendly name for the claim").fill("Northwind SOC envisioning");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Contoso Consulting Lyon").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Type of customer ID").selectOption({ label: "Tenant ID" });
  await page.getByRole("textbox", { name: "Customer ID" }).fill(T_NORTHWIND);
  await expect(customerFeedback(page).getByText("Northwind Traders", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Engagements", level: 2 })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("E-mail address", { exact: true }).fill("claire.dubois@northwindtraders.com");
  await page.getByLabel("Name", { exact: true }).fill("Claire Dubois");
  await page.getByLabel("Language of the consent e-mail").selectOption("en");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Add customer" }).click();
  await page.getByTestId("created-claim").click();
  await expect(page.getByText("Customer claimed", { exact: true })).toBeVisible();
  const claimUrl = page.url();

  await sendConsentFromClaim(page);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "View the claim" }).click();
  await expect(page.getByText("Awaiting consent", { exact: true })).toBeVisible();
  await expect(page.getByTestId("delivery-sent").or(page.getByTestId("delivery-pending"))).toBeVisible();

  // The customer, in a browser of their own, follows the link in the e-mail.
  const customer = await (await browser.newContext()).newPage();
  const [link] = await consentLinks(customer, "claire.dubois@northwindtraders.com");
  await customer.goto(link);
  await hydrated(customer);
  await expect(customer.getByRole("heading", { name: "Contoso Consulting asks for your consent" })).toBeVisible();
  await expect(customer.getByText("Security Envisioning", { exact: true })).toBeVisible();
  await expect(customer.getByTestId("consent-deadline")).toContainText("days left");
  await expectNoAxeViolations(customer);
  await customer.getByRole("button", { name: "Accept" }).click();
  await expect(customer.getByRole("heading", { name: "Thank you: you accepted" })).toBeVisible();
  // A second visit shows the answer again; it cannot be changed.
  await customer.reload();
  await expect(customer.getByRole("heading", { name: "Thank you: you accepted" })).toBeVisible();
  await expect(customer.getByRole("button", { name: "Decline" })).toHaveCount(0);

  // The partner's open claim page catches up by itself, without a reload.
  expect(page.url()).toBe(claimUrl);
  await expect(page.getByText("Consent received", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Submission deadline")).toBeVisible();
  await expect(deadline(page)).toContainText("days left");
  // With where the answer came from: when, from which address and browser, and the text the
  // customer saw, in the language they read it in.
  const answer = page.getByRole("region", { name: "Customer's answer" });
  await expect(answer).toContainText(/Accepted on \d{1,2} \w{3} \d{4} at \d\d:\d\d UTC from \S+ \(Mozilla\/5\.0/);
  const shown = answer.getByRole("group");
  await answer.getByText("Text the customer saw (EN)").click();
  await expect(shown.getByText(/Contoso Consulting asks for your consent/)).toBeVisible();
  await expect(shown.getByText(/By accepting, you agree that:/)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  const reponse = page.getByRole("region", { name: "Réponse du client" });
  await expect(reponse).toContainText(/Accepté le \d{1,2} \S+ \d{4} à \d\d:\d\d UTC depuis \S+ \(Mozilla\/5\.0/);
  // The text stays the one the customer read (English), whatever the partner's language.
  await expect(reponse.getByText("Texte vu par le client (EN)")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
  // And the Customers page shows the new status (a client-side navigation).
  await page.getByRole("link", { name: "Security Envisioning" }).click();
  const row = page.getByRole("row").filter({ hasText: "Northwind SOC envisioning" });
  await expect(row).toContainText("Consent received");
});

test("a customer who declines ends the claim, and the new customer leaves the Customers page", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const security = await page.getByRole("link", { name: "Security Envisioning" }).getAttribute("href");
  const claimRef = await createClaim(page, {
    friendly_name: "Litware consent decline",
    location_id: "1000002",
    customer_id_type: "tenant_id",
    customer_id_value: T_LITWARE,
    engagement_ids: [Number(security!.split("/")[2])],
    contact_email: "rssi@litware.com",
    contact_name: "Louis Tremblay",
    contact_language: "fr",
  });
  // From the Customers page's row action.
  await page.goto(`${security}?q=Litware+consent`);
  await hydrated(page);
  const row = page.getByRole("row").filter({ hasText: "Litware consent decline" });
  await row.getByRole("link", { name: "Send customer consent e-mail" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Next: review" }).click();
  await expect(page.getByTestId("consent-to")).toHaveText("Louis Tremblay <rssi@litware.com>");
  await page.getByRole("button", { name: "Send for consent" }).click();
  await expect(page.getByTestId("consent-sent")).toContainText("rssi@litware.com");

  // The e-mail and its page are in the customer's language, French.
  const customer = await (await browser.newContext()).newPage();
  const [link] = await consentLinks(customer, "rssi@litware.com");
  expect(link).toContain("lang=fr");
  await customer.goto(link);
  await hydrated(customer);
  await expect(customer.getByRole("heading", { name: "Contoso Consulting demande votre consentement" })).toBeVisible();
  await customer.getByRole("button", { name: "Refuser" }).click();
  await expect(customer.getByLabel("Raison (facultative)")).toBeFocused();
  await customer.getByLabel("Raison (facultative)").fill("Nous avons choisi un autre partenaire.");
  await customer.getByRole("button", { name: "Confirmer le refus" }).click();
  await expect(customer.getByRole("heading", { name: "Vous avez refusé" })).toBeVisible();

  await page.goto(`${security}?q=Litware+consent`);
  await hydrated(page);
  await expect(page.getByRole("row").filter({ hasText: "Litware consent decline" })).toHaveCount(0);
  await expect(page.getByText("No customer on this tab matches your search.")).toBeVisible();

  // The claim page keeps the answer's evidence, with the text as the customer read it: French.
  await page.goto(`/claims/${claimRef}`);
  await hydrated(page);
  const answer = page.getByRole("region", { name: "Customer's answer" });
  await expect(answer).toContainText(/Declined on .* UTC from \S+ \(Mozilla\/5\.0/);
  await answer.getByText("Text the customer saw (FR)").click();
  await expect(answer.getByRole("group").getByText(/Contoso Consulting demande votre consentement/)).toBeVisible();
  await expectNoAxeViolations(page);
});
