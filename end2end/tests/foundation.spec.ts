import { expect, test } from "@playwright/test";
import { accounts, DEMO_PASSWORD, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, toEngagements } from "./helpers";

// Reads the demo data only: no nomination.

test.describe("sign-in", () => {
  test("a wrong password gives a clear message and keeps the e-mail address", async ({ page }) => {
    await signIn(page, accounts.contosoAdmin, "not-the-password");
    await expect(page.getByRole("alert")).toContainText("The e-mail address or the password is not right");
    await expect(page.getByLabel("E-mail address")).toHaveValue(accounts.contosoAdmin);
    await expect(page).toHaveURL(/\/sign-in/);
    await expectNoAxeViolations(page);
  });

  test("the sign-in page passes an accessibility scan", async ({ page }) => {
    await page.goto("/sign-in");
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the administrator lands on its own partner's engagements", async ({ page }) => {
    await signIn(page, accounts.contosoAdmin);
    await toEngagements(page);
    await expect(page.getByRole("heading", { name: "Engagements", level: 1 })).toBeVisible();
    const header = page.getByRole("banner");
    await expect(header).toContainText("Contoso Consulting");
    await expect(header).toContainText("Camille Martin");
    await expect(header).toContainText("Incentives administrator");
    const table = page.getByRole("table");
    await expect(table.getByRole("rowheader", { name: /Security Envisioning/ })).toBeVisible();
    await expect(table.getByRole("rowheader", { name: /Data & AI Proof of Concept/ })).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(8); // header + 7 engagements
    await expectNoAxeViolations(page);
  });

  test("the other partner sees its engagements and not Contoso's", async ({ page }) => {
    await signIn(page, accounts.fabrikamAdmin);
    await toEngagements(page);
    await expect(page.getByRole("banner")).toContainText("Fabrikam Partners");
    const table = page.getByRole("table");
    await expect(table.getByRole("rowheader", { name: /Azure Migration Assessment/ })).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(5); // header + 4 engagements
    await expect(page.getByText("Security Envisioning")).toHaveCount(0);
    await expect(page.getByText("Contoso Consulting")).toHaveCount(0);
  });

  test("an incentives user signs in and sees the engagements of its locations", async ({ page }) => {
    await signIn(page, accounts.contosoUser);
    await toEngagements(page);
    await expect(page.getByRole("banner")).toContainText("Incentives user");
    await expect(page.getByRole("table").getByRole("rowheader", { name: /Microsoft 365 Copilot Workshop/ })).toBeVisible();
  });

  test("a user without an incentives role sees which role it needs", async ({ page }) => {
    await signIn(page, accounts.contosoStaff);
    await expect(page.getByRole("heading", { name: "You need another role" })).toBeVisible();
    await expect(page.getByText("You need the Incentives administrator or Incentives user role")).toBeVisible();
    const response = await page.goto("/engagements");
    expect(response?.status()).toBe(403);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "You need another role" })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test("the programme reviewer (the demo's programme administrator) lands on the programme console", async ({ page }) => {
    await signIn(page, accounts.reviewer);
    await expect(page).toHaveURL(/\/programme$/);
    await expect(page.getByRole("heading", { name: "Programme console", level: 1 })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText("Programme administrator");
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(8);
    await expectNoAxeViolations(page);
  });

  test("signing out ends the session", async ({ page }) => {
    await signIn(page, accounts.contosoAdmin);
    await toEngagements(page);
    await hydrated(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/engagements/1/customers?tab=completed");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fengagements%2F1%2Fcustomers%3Ftab%3Dcompleted/);
    // Signing in again returns to the very place, tab included.
    await hydrated(page);
    await page.getByLabel("E-mail address").fill(accounts.contosoAdmin);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/engagements\/1\/customers\?tab=completed$/);
    await expect(page.getByRole("tab", { name: /^Completed/ })).toHaveAttribute("aria-selected", "true");
  });
});

test.describe("languages", () => {
  test("the language switch turns the page French and it stays French after a reload", async ({ page }) => {
    await signIn(page, accounts.contosoAdmin);
    await toEngagements(page);
    await hydrated(page);
    await page.getByRole("button", { name: "Afficher en français" }).click();
    await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
    await expectPageLanguage(page, "fr");
    await page.reload();
    await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Domaine de solution" })).toBeVisible();
    await expect(page.getByText("Administrateur des incentives")).toBeVisible();
    await expectNoAxeViolations(page);
    await hydrated(page);
    await page.getByRole("button", { name: "Show in English" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  test("the browser's language is followed on the first visit", async ({ browser }) => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();
    await expect(page.getByLabel("Adresse e-mail")).toBeVisible();
    await context.close();
  });
});

test("the keyboard alone signs in", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.keyboard.press("Tab"); // skip link
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.getByLabel("E-mail address").focus();
  await page.keyboard.type(accounts.contosoAdmin);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await toEngagements(page);
});
