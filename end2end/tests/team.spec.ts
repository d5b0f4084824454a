import { expect, Page } from "@playwright/test";
import { accounts, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, withOwnServer } from "./helpers";

// Issue 18: the administrator runs its own team. A server of its own: this file changes roles,
// locations and who is active.
const test = withOwnServer("team");

async function openTeam(page: Page) {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await hydrated(page);
}

test("the administrator sees its team, takes a location away, deactivates a colleague, and every change is listed", async ({ page }) => {
  await openTeam(page);
  const team = page.getByTestId("team");
  await expect(team.getByRole("rowheader", { name: /Louis Bernard/ })).toBeVisible();
  await expect(team.getByRole("rowheader", { name: /Emma Petit/ })).toBeVisible();
  await expect(team.getByRole("rowheader", { name: /Jordan Lee/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Search narrows the list.
  await page.getByLabel("Name or e-mail").fill("louis");
  await expect(team.getByRole("rowheader")).toHaveCount(1);
  await page.getByLabel("Name or e-mail").fill("");

  // Louis keeps Paris only.
  const louis = team.getByRole("group", { name: "Locations of Louis Bernard" });
  await expect(louis.getByLabel("Contoso Consulting Montréal")).toBeChecked();
  await louis.getByLabel("Contoso Consulting Montréal").uncheck();
  await louis.getByRole("button", { name: "Save locations" }).click();
  const audit = page.getByRole("region", { name: "Changes to the team" });
  await expect(audit.getByRole("listitem").first()).toContainText("locations");
  await expect(audit.getByRole("listitem").first()).toContainText("1000001, 1000003 → 1000001");

  // Emma is deactivated, then the last administrator tries to step down.
  await team.getByRole("button", { name: "Deactivate Emma Petit" }).click();
  await expect(team.getByRole("row", { name: /Emma Petit/ }).getByText("Deactivated", { exact: true })).toBeVisible();
  await expect(audit.getByRole("listitem").first()).toContainText("deactivated");
  await team.getByLabel("Role of Camille Martin").selectOption({ label: "Incentives user" });
  await team.getByRole("row", { name: /Camille Martin/ }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("alert")).toContainText("at least one active Incentives administrator");

  await page.reload();
  await hydrated(page);
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  await expect(page.getByRole("heading", { name: "Équipe", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Modifications de l'équipe" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
});

test("a deactivated colleague cannot sign in, and an Incentives user has no team page", async ({ page, browser }) => {
  await openTeam(page);
  const colleague = await (await browser.newContext()).newPage();
  await signIn(colleague, accounts.contosoUser);
  await expect(colleague).toHaveURL(/\/attention$/);
  await expect(colleague.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toHaveCount(0);
  await colleague.goto("/team");
  await expect(colleague.getByRole("heading", { name: "You need another role" })).toBeVisible();

  // The administrator deactivates Louis: his next click finds him signed out.
  await page.getByTestId("team").getByRole("button", { name: "Deactivate Louis Bernard" }).click();
  await expect(page.getByTestId("team").getByRole("row", { name: /Louis Bernard/ }).getByText("Deactivated", { exact: true })).toBeVisible();
  await colleague.goto("/engagements");
  await expect(colleague).toHaveURL(/\/sign-in/);
  await signIn(colleague, accounts.contosoUser);
  await expect(colleague.getByRole("alert")).toBeVisible();
  await expect(colleague).toHaveURL(/\/sign-in/);
});
