import { expect, Page } from "@playwright/test";
import { accounts, customerFeedback, errorSummary, expectNoAxeViolations, fieldError, hydrated, signIn, withOwnServer, toEngagements } from "./helpers";

// A server of its own: the wizards nominate eight customer and engagement pairs, more of the demo
// customers than the shared server's other files leave free, and the feedback counts every open
// engagement a customer is eligible for, which any other file's claim of that customer would
// change. Each test nominates a different customer, so that they do not depend on one another's
// claims.
const test = withOwnServer("wizard");
const T_TAILSPIN = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";
const T_PROSEWARE = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9";
const T_ADVENTURE = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";
const T_WWI = "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c";
const T_BACKEREI = "9f8e7d6c-5b4a-4392-8e1f-0a1b2c3d4e5f";

async function openCustomers(page: Page, engagement: string, email = accounts.contosoAdmin) {
  await signIn(page, email);
  await toEngagements(page);
  await hydrated(page);
  await page.getByRole("link", { name: engagement }).click();
  await expect(page.getByRole("heading", { name: engagement, level: 1 })).toBeVisible();
}

async function openAddCustomer(page: Page, engagement: string, email = accounts.contosoAdmin) {
  await openCustomers(page, engagement, email);
  await page.getByRole("link", { name: "Add customer" }).click();
  await expect(page.getByRole("heading", { name: "Add customer", level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Friendly name", level: 2 })).toBeVisible();
}

function stepHeading(page: Page, name: string) {
  return page.getByRole("heading", { name, level: 2 });
}

async function next(page: Page, expected: string) {
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(stepHeading(page, expected)).toBeVisible();
}

/** Name and location, up to the customer ID step. */
async function nameAndLocation(page: Page, name: string, location = "Contoso Consulting Paris") {
  await page.getByLabel("Friendly name for the claim").fill(name);
  await next(page, "Location");
  await page.getByLabel(location).check();
  await next(page, "Customer ID");
}

const idInput = (page: Page) => page.getByRole("textbox", { name: "Customer ID" });

async function typeCustomer(page: Page, kind: string, value: string) {
  await page.getByLabel("Type of customer ID").selectOption({ label: kind });
  await idInput(page).fill(value);
}

const feedback = customerFeedback;

async function contacts(page: Page, email: string) {
  await page.getByLabel("E-mail address", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Claire Dubois");
  await page.getByLabel("Phone (optional)").fill("+33 1 23 45 67 89");
  await page.getByLabel("Language of the consent e-mail").selectOption("fr");
}

test("the customer ID step answers while the partner types, for every kind of ID", async ({ page }) => {
  await openAddCustomer(page, "Azure Migration Assessment");
  await nameAndLocation(page, "Feedback check");
  await expectNoAxeViolations(page);
  // Offered first: the kinds this engagement accepts.
  // (A closed list's groups and options are hidden from the accessibility tree.)
  const groups = page.getByLabel("Type of customer ID").getByRole("group", { includeHidden: true });
  await expect(groups.first()).toHaveAttribute("label", "Accepted by this engagement");
  await expect(groups.first().getByRole("option", { includeHidden: true })).toHaveText(["Domain name", "Tenant ID", "Azure subscription ID"]);

  const cases = [
    // kind, valid and eligible (name shown), badly formatted (message while typing), unknown, ineligible for this engagement
    { kind: "Domain name", valid: "WideWorldImporters.com", name: "Wide World Importers", bad: "tailspin", badText: "at least one dot", unknown: "nobody-here.example", ineligible: "woodgrovebank.com" },
    { kind: "Tenant ID", valid: T_WWI, name: "Wide World Importers", bad: "1234", badText: "not a valid tenant ID", unknown: "11111111-2222-4333-8444-555555555555", ineligible: "5e9c1b7a-2d4f-4a6e-8c3b-9f0a1e2d3c4b" },
    // Northwind Holdings (1234567) already has an open claim of Contoso's, made with another of
    // its IDs, on every engagement that takes TPIDs from Paris: the limits are per customer.
    { kind: "TPID", valid: "1234567", name: "Northwind Holdings", verdict: /Eligible for 0 open engagement/, bad: "12ab", badText: "TPID", unknown: "9999999", ineligible: "5678901" },
    { kind: "Azure subscription ID", valid: "c3d4e5f6-a7b8-4901-8234-d5e6f7a8b903", name: "Wide World Importers", bad: "c3d4e5f6", badText: "not a valid", unknown: "99999999-2222-4333-8444-555555555555", ineligible: "d4e5f6a7-b8c9-4012-9345-e6f7a8b9c004" },
    { kind: "MSX opportunity ID", valid: "7-LT9R3D7Q5X", name: "Litware Group", bad: "7-12", badText: "MSX opportunity ID", unknown: "7-ZZZZZZZZZZ", ineligible: "7-WW2H6J8K4C" },
  ];
  for (const c of cases) {
    await typeCustomer(page, c.kind, c.valid);
    await expect(feedback(page).getByText(c.name, { exact: true })).toBeVisible();
    await expect(feedback(page)).toContainText(c.verdict ?? /Eligible for [1-9] open engagement/);

    // A format error shows at once, from the shared parser.
    await idInput(page).fill(c.bad);
    await expect.poll(() => fieldError(idInput(page))).toContain(c.badText);
    await expect(idInput(page)).toHaveAttribute("aria-invalid", "true");

    await idInput(page).fill(c.unknown);
    await expect(feedback(page)).toContainText("This ID is not in the programme's directory.");
    await expect(feedback(page)).toContainText("Eligible for 0 open engagement");

    await idInput(page).fill(c.ineligible);
    await expect(feedback(page)).toContainText("Not eligible for Azure Migration Assessment:");
    await expect(feedback(page).getByRole("listitem").first()).toBeVisible();
  }
  await expectNoAxeViolations(page);
});

test("add a customer for two fixed-payment engagements, a reload losing nothing", async ({ page }) => {
  await openAddCustomer(page, "Azure Migration Assessment");
  await expectNoAxeViolations(page);
  // The server checks the step: a name too short is refused, with an error summary linking to it.
  await page.getByLabel("Friendly name for the claim").fill("TT");
  await page.getByRole("button", { name: "Continue" }).click();
  const summary = errorSummary(page);
  await expect(summary).toContainText("There is a problem");
  await expect(summary.getByRole("link")).toContainText("at least 3 characters");
  await expectNoAxeViolations(page);
  await summary.getByRole("link").click();
  await expect(page.getByLabel("Friendly name for the claim")).toBeFocused();
  await expect(page.getByLabel("Friendly name for the claim")).toHaveValue("TT");

  await nameAndLocation(page, "Adventure Works readiness");
  await expectNoAxeViolations(page);
  await typeCustomer(page, "Tenant ID", T_ADVENTURE.toUpperCase());
  await expect(feedback(page).getByText("Adventure Works", { exact: true })).toBeVisible();
  await next(page, "Engagements");
  await expectNoAxeViolations(page);
  // Opened from Azure Migration Assessment: preselected. Choose a second one.
  await expect(page.getByLabel("Azure Migration Assessment")).toBeChecked();
  await expect(page.getByText("Not eligible", { exact: true })).toBeVisible();
  const second = page.getByRole("checkbox", { checked: false }).first();
  // Its name, the engagement's (`- checkbox "Microsoft 365 Copilot Workshop"`).
  const secondName = /checkbox "(.+?)"/.exec(await second.ariaSnapshot())![1];
  await second.check();
  await next(page, "Contacts");
  await expectNoAxeViolations(page);
  await contacts(page, "it.director@adventure-works.com");

  // A reload keeps every answer and the step.
  await page.reload();
  await hydrated(page);
  await expect(stepHeading(page, "Contacts")).toBeVisible();
  await expect(page.getByLabel("E-mail address", { exact: true })).toHaveValue("it.director@adventure-works.com");
  await expect(page.getByLabel("Your e-mail address")).toHaveValue(accounts.contosoAdmin);

  await next(page, "Review");
  await expectNoAxeViolations(page);
  await expect(page.getByText("Adventure Works readiness")).toBeVisible();
  await expect(page.getByTestId("preview-line")).toHaveCount(2);
  // Edit goes back to a step and keeps everything.
  await page.getByRole("button", { name: "Edit Friendly name" }).click();
  await expect(page.getByLabel("Friendly name for the claim")).toHaveValue("Adventure Works readiness");
  await next(page, "Location");
  await next(page, "Customer ID");
  await next(page, "Engagements");
  await next(page, "Contacts");
  await next(page, "Review");

  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByRole("heading", { name: "Customer added" })).toBeVisible();
  await expect(page.getByTestId("created-claim")).toHaveCount(2);
  await expectNoAxeViolations(page);

  // The customer is now on the Customers page of both engagements.
  for (const engagement of ["Azure Migration Assessment", secondName]) {
    await page.goto("/engagements");
    await hydrated(page);
    await page.getByRole("link", { name: engagement }).click();
    await page.getByRole("searchbox", { name: "Search customers" }).fill("Adventure Works readiness");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("tabpanel").getByRole("row")).toHaveCount(2);
  }
});

test("a variable-payment engagement asks for the hours and shows the payment to the cent", async ({ page }) => {
  await openAddCustomer(page, "Azure Accelerate Deployment");
  await nameAndLocation(page, "Litware AI deployment");
  // A variable-payment engagement accepts only MSX opportunity IDs, offered first.
  await expect(page.getByLabel("Type of customer ID")).toHaveValue("msx_opportunity_id");
  await idInput(page).fill("7-lt9r3d7q5x");
  await expect(feedback(page).getByText("Litware Group", { exact: true })).toBeVisible();
  await next(page, "Engagements");
  await expect(page.getByLabel("Number of hours", { exact: true })).toBeVisible();
  await expect(page.getByText("It cannot be changed once the claim is created.")).toBeVisible();
  await page.getByLabel("Number of hours", { exact: true }).fill("500");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(errorSummary(page)).toContainText("hours");
  await expect(page.getByLabel("Number of hours", { exact: true })).toHaveValue("500");
  await page.getByLabel("Number of hours", { exact: true }).fill("33");
  await next(page, "Contacts");
  await contacts(page, "ai.lead@litware.com");
  await next(page, "Review");
  // Band B: min(33 h × 120.00, 10 % of 40,000.00, 50,000.00) = 3,960.00 USD.
  await expect(page.getByTestId("proposed-payment")).toHaveText("3,960.00 USD");
  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(page.getByTestId("created-claim")).toHaveCount(1);
  await page.getByTestId("created-claim").click();
  await expect(page.getByText("3,960.00 USD")).toBeVisible();
});

test("a contact outside the tenant's domains needs a reason", async ({ page }) => {
  await openAddCustomer(page, "Azure Migration Assessment");
  await nameAndLocation(page, "Proseware mismatch", "Contoso Consulting Montréal");
  await typeCustomer(page, "Tenant ID", T_PROSEWARE);
  await expect(feedback(page).getByText("Proseware", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  // Proseware is not on this engagement's list: the step says why, nothing can be chosen here.
  await expect(stepHeading(page, "Engagements")).toBeVisible();
  await page.getByRole("button", { name: "Back" }).click();
  await typeCustomer(page, "Tenant ID", T_BACKEREI);
  await expect(feedback(page).getByText("Bäckerei München", { exact: true })).toBeVisible();
  await next(page, "Engagements");
  // Bäckerei München is a tenant of Litware Group, whose open claim on this engagement is
  // already Contoso's (by the Bäckerei domain): the limits are per customer. Security
  // Envisioning takes it.
  await page.getByLabel("Security Envisioning").check();
  await next(page, "Contacts");
  await contacts(page, "claire.dubois@gmail.com");
  await expect(page.getByRole("group", { name: /Why is the contact's e-mail/ })).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(errorSummary(page)).toContainText("say why");
  await expectNoAxeViolations(page);
  await page.getByLabel("Other (explain)").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(errorSummary(page)).toBeVisible();
  await page.getByLabel("Details").fill("The IT director uses a personal address during the merger.");
  await next(page, "Review");
});

test("claim a customer the partner knows, from the Eligible tab", async ({ page }) => {
  await openCustomers(page, "Azure Migration Assessment");
  // Northwind Holdings, known from its demo claims (their contact is at its domain): free here
  // once its demo claim here, "Northwind migration", is cancelled.
  const demoClaim = page.getByRole("row", { name: /Northwind migration/ }).getByRole("link", { name: /^C-/ });
  const cancelled = await page.request.post("/api/cancel_claim", { form: { claim_ref: (await demoClaim.innerText()).trim() } });
  expect(cancelled.status(), await cancelled.text()).toBe(200);
  await page.reload();
  const northwind = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Northwind Traders" }) });
  const claim = northwind.getByRole("link", { name: "Claim customer" });
  await expect(claim).toBeVisible();
  await claim.click();
  await expect(page.getByRole("heading", { name: "Claim customer", level: 1 })).toBeVisible();
  await hydrated(page);
  // Prefilled from the customer's last claim.
  await expect(page.getByLabel("Friendly name for the claim")).not.toHaveValue("");
  await page.getByLabel("Friendly name for the claim").fill("Known customer, new engagement");
  await next(page, "Location");
  await expectNoAxeViolations(page);
  await page.getByRole("radio", { disabled: false }).first().check();
  await next(page, "Engagements");
  await expect(page.getByLabel("Azure Migration Assessment")).toBeChecked();
  await next(page, "Contacts");
  await expect(page.getByLabel("E-mail address", { exact: true })).not.toHaveValue("");
  await next(page, "Review");
  await page.getByRole("button", { name: "Claim customer" }).click();
  await expect(page.getByRole("heading", { name: "Customer claimed" })).toBeVisible();
  await expect(page.getByTestId("created-claim")).toHaveCount(1);
});

/** Adds Wide World Importers on Security Envisioning from Montréal, up to the review step. */
async function wwiUpToReview(page: Page, name: string) {
  await openAddCustomer(page, "Security Envisioning");
  await nameAndLocation(page, name, "Contoso Consulting Montréal");
  await typeCustomer(page, "Tenant ID", T_WWI);
  await expect(feedback(page).getByText("Wide World Importers", { exact: true })).toBeVisible();
  await next(page, "Engagements");
  await next(page, "Contacts");
  await contacts(page, "cio@wideworldimporters.com");
  await next(page, "Review");
}

test("a double click on the final button creates the claims once", async ({ page }) => {
  await openAddCustomer(page, "Security Envisioning");
  await nameAndLocation(page, "Double click check", "Contoso Consulting Lyon");
  await typeCustomer(page, "Tenant ID", T_TAILSPIN);
  await expect(feedback(page).getByText("Tailspin Toys", { exact: true })).toBeVisible();
  await next(page, "Engagements");
  await next(page, "Contacts");
  await contacts(page, "it.director@tailspintoys.com");
  await next(page, "Review");
  await page.getByRole("button", { name: "Add customer" }).dblclick();
  await expect(page.getByTestId("created-claim")).toHaveCount(1);
  await page.getByRole("link", { name: "Back to the customers" }).click();
  await page.getByRole("searchbox", { name: "Search customers" }).fill("Double click check");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=Double/);
  await expect(page.getByRole("tabpanel").getByRole("row")).toHaveCount(2);
});

test("a race lost on the review step ends in a clear message and nothing half-created", async ({ page, browser }) => {
  await wwiUpToReview(page, "Race check");
  // Meanwhile a colleague nominates the same customer for the same engagement.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await signIn(colleague, accounts.contosoUser);
  await toEngagements(colleague);
  const request = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith("mci-wizard:add:"))!;
    return JSON.parse(sessionStorage.getItem(key)!).request;
  });
  const response = await colleague.request.post("/api/create_claims", {
    data: { request: { ...request, friendly_name: "Colleague's claim", idempotency_key: "colleague-race-1" } },
  });
  expect(response.status()).toBe(200);
  await other.close();

  await page.getByRole("button", { name: "Add customer" }).click();
  await expect(errorSummary(page)).toContainText("already has an open claim");
  await expect(stepHeading(page, "Review")).toBeVisible();
  await expect(page.getByTestId("created-claim")).toHaveCount(0);
});

test("the whole flow works with the keyboard alone", async ({ page }) => {
  await openAddCustomer(page, "Microsoft 365 Copilot Workshop");
  const field = page.getByLabel("Friendly name for the claim");
  await field.focus();
  await page.keyboard.type("Keyboard only");
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Location")).toBeVisible();
  await expect(stepHeading(page, "Location")).toBeFocused();
  // Into the radio group, choose with the arrow keys, then Enter.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Customer ID")).toBeVisible();
  await page.keyboard.press("Tab"); // the type list
  await page.keyboard.press("Tab"); // the ID
  await page.keyboard.type("litware.com");
  await expect(feedback(page).getByText("Litware", { exact: true })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Engagements")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Contacts")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.type("it@litware.com");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Lena Weber");
  await page.keyboard.press("Enter");
  await expect(stepHeading(page, "Review")).toBeVisible();
  // Tab through the Edit buttons to the final one.
  const final = page.getByRole("button", { name: "Add customer" });
  for (let i = 0; i < 12 && !(await final.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(final).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Customer added" })).toBeVisible();
});

test("the wizard speaks French", async ({ page }) => {
  await openAddCustomer(page, "Azure Migration Assessment");
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expect(page.getByRole("heading", { name: "Ajouter un client", level: 1 })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Nom usuel de la demande").fill("AB");
  await page.getByRole("button", { name: "Continuer" }).click();
  await expect(errorSummary(page)).toContainText("Un problème est survenu");
  await expect(errorSummary(page)).toContainText("3 caractères");
  await expectNoAxeViolations(page);
});
