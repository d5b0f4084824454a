import { expect, Locator, Page, test } from "@playwright/test";
import * as fs from "node:fs";
import { accounts, cell, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, statusBadge, toEngagements } from "./helpers";

// Azure Migration Assessment's Customers page as the demo data makes it. This file's customer on
// the shared server: Northwind Holdings on Azure Migration Assessment (it cancels the demo claim
// "Northwind migration"); no other file nominates Northwind Holdings there. What the other files
// do elsewhere (another engagement, or a claim of Contoso Global Industries here that ends) moves
// no count or row this file asserts.

async function openMigrationCustomers(page: Page) {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  await hydrated(page);
  await page.getByRole("link", { name: "Azure Migration Assessment" }).click();
  await expect(page.getByRole("heading", { name: "Azure Migration Assessment", level: 1 })).toBeVisible();
}

function tab(page: Page, name: string) {
  return page.getByRole("tab", { name: new RegExp(`^${name}`) });
}

/** The Friendly name cell of each row of the tab's table, top to bottom. */
async function friendlyNames(panel: Locator): Promise<string[]> {
  const rows = await panel.getByRole("row").filter({ has: panel.page().getByRole("cell") }).all();
  return Promise.all(rows.map(async (row) => (await cell(row, "Friendly name")).innerText()));
}

test("the tabs switch with the mouse and the keyboard, and the URL keeps them", async ({ page }) => {
  await openMigrationCustomers(page);
  await expect(tab(page, "Eligible")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel").getByRole("row")).not.toHaveCount(0);
  await expectNoAxeViolations(page);

  await tab(page, "Ineligible").click();
  await expect(page).toHaveURL(/tab=ineligible/);
  await expect(tab(page, "Ineligible")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("columnheader", { name: "Why not eligible" })).toBeVisible();
  await expect(page.getByText("This customer is not on the eligibility list of this engagement.").first()).toBeVisible();
  await expectNoAxeViolations(page);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  await tab(page, "Ineligible").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/tab=completed/);
  await expect(tab(page, "Completed")).toHaveAttribute("aria-selected", "true");
  await expect(tab(page, "Completed")).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(/tab=ineligible/);

  // Reload and back keep the tab.
  await page.reload();
  await expect(tab(page, "Ineligible")).toHaveAttribute("aria-selected", "true");
  // Back once the app runs again: pressed before it hydrates, the router misses the change.
  await hydrated(page);
  await page.goBack();
  await expect(tab(page, "Completed")).toHaveAttribute("aria-selected", "true");
});

test("search, sort and pages", async ({ page }) => {
  await openMigrationCustomers(page);
  const panel = page.getByRole("tabpanel");
  await page.getByRole("searchbox", { name: "Search customers" }).fill("tailspin");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=tailspin/);
  await expect(panel.getByRole("row")).toHaveCount(2); // header + Tailspin Toys
  await expect(panel.getByRole("rowheader", { name: "Tailspin Toys" })).toBeVisible();
  await expect(tab(page, "Eligible")).toContainText("1");

  await page.goto(page.url().replace(/\?.*$/, "?tab=eligible"));
  await hydrated(page);
  await page.getByRole("link", { name: /Friendly name/ }).click();
  await expect(page.getByRole("columnheader", { name: /Friendly name/ })).toHaveAttribute("aria-sort", "ascending");
  const ascending = await friendlyNames(panel);
  expect([...ascending].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }))).toEqual(ascending);
  await page.getByRole("link", { name: /Friendly name/ }).click();
  await expect(page.getByRole("columnheader", { name: /Friendly name/ })).toHaveAttribute("aria-sort", "descending");
  const descending = await friendlyNames(panel);
  expect(descending).toEqual([...ascending].reverse());

  // Two rows a page: forward to the end, then back to the first page.
  await page.goto(page.url().replace(/\?.*$/, "?tab=eligible&size=2"));
  await hydrated(page);
  // Two rows: waited for, since the tab's content hydrates after the page's marker is set.
  await expect(panel.getByRole("rowheader")).toHaveCount(2);
  const first = await panel.getByRole("rowheader").allInnerTexts();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/after=/);
  // The URL changes first; the old page stays on screen until the next one is in.
  await expect(panel.getByRole("rowheader")).not.toHaveText(first);
  const second = await panel.getByRole("rowheader").allInnerTexts();
  expect(second).not.toEqual(first);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(panel.getByRole("rowheader")).toHaveText(second);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(panel.getByRole("rowheader")).toHaveText(first);
});

test("a customer known by several IDs is one row, its domain in Unicode", async ({ page }) => {
  // Bäckerei München is a tenant of Litware Group (TPID 4567890), which Contoso also knows by
  // Litware's tenant and the group's TPID: one customer, so one row, shown by its open claim's ID.
  await openMigrationCustomers(page);
  const panel = page.getByRole("tabpanel");
  const row = panel.getByRole("row", { name: /Bäckerei München migration/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("bäckerei-münchen.de");
  await expect(row).toContainText("Also known as");
  await expect(row).toContainText("4567890");
  await expect(panel.getByText(/xn--/)).toHaveCount(0);
  // A search by another of its IDs finds the same row.
  await page.getByRole("searchbox", { name: "Search customers" }).fill("4567890");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=4567890/);
  await expect(panel.getByRole("row", { name: /Bäckerei München migration/ })).toHaveCount(1);
  await expectNoAxeViolations(page);

  await hydrated(page);
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  await expect(panel.getByRole("row", { name: /Bäckerei München migration/ })).toContainText("Également connu sous");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
});

test("the CSV export holds the whole tab", async ({ page }) => {
  await openMigrationCustomers(page);
  await tab(page, "Ineligible").click();
  await expect(page).toHaveURL(/tab=ineligible/);
  // The tab's count follows its name ("Ineligible" and the number).
  await expect(tab(page, "Ineligible")).toHaveText(/^Ineligible\s*\d+$/);
  const count = Number(/(\d+)$/.exec(await tab(page, "Ineligible").innerText())![1]);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("az-mig-assess-ineligible.csv");
  const text = fs.readFileSync(await download.path(), "utf8");
  const lines = text.trim().split("\n");
  expect(lines[0]).toBe("tab,customer,customer_id_type,customer_id,other_ids,friendly_name,claim_id,status,date,reasons");
  expect(lines).toHaveLength(count + 1);
  expect(lines.slice(1).every((l) => l.startsWith("ineligible,"))).toBe(true);
  expect(text).toContain("not on the eligibility list");
});

test("a claim opens from the Completed tab with its history", async ({ page }) => {
  await openMigrationCustomers(page);
  await tab(page, "Completed").click();
  // The Completed tab's table (its caption names it), not the Eligible one still shown while it loads.
  const claimLink = page.getByRole("tabpanel").getByRole("table", { name: "Completed" }).getByRole("link", { name: /^C-/ }).first();
  const claimRef = (await claimLink.innerText()).trim();
  await claimLink.click();
  await expect(page).toHaveURL(new RegExp(`/claims/${claimRef}$`));
  await expect(page.getByRole("heading", { name: new RegExp(`Claim ${claimRef}`) })).toBeVisible();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  await expect(page.getByText("Claim created")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a claim can be cancelled before its submission, after a confirmation", async ({ page }) => {
  await openMigrationCustomers(page);
  await page.getByRole("row", { name: /Northwind migration/ }).getByRole("link", { name: "View claim" }).click();
  await expect(page.getByRole("heading", { name: /^Claim C-/ })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("Submission deadline")).toBeVisible();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Cancel the claim" }).click();
  await expect(statusBadge(page)).toHaveText("Canceled");
  await expect(page.getByRole("button", { name: "Cancel the claim" })).toHaveCount(0);
});

test("another partner's claim is not found", async ({ page }) => {
  await openMigrationCustomers(page);
  await tab(page, "Completed").click();
  const completed = page.getByRole("tabpanel").getByRole("table", { name: "Completed" });
  const claimRef = (await completed.getByRole("link", { name: /^C-/ }).first().innerText()).trim();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, accounts.fabrikamAdmin);
  await toEngagements(page);
  const response = await page.goto(`/claims/${claimRef}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
