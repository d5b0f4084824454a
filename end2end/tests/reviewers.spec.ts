import { expect, Page } from "@playwright/test";
import { accounts, consentLinks, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, withOwnServer } from "./helpers";

// Issue 18: the programme administrator invites a reviewer, who accepts and reviews. A server
// of its own: this file adds a user.
const test = withOwnServer("reviewers");

async function axeInFrench(page: Page, heading: string) {
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
}

test("the programme administrator invites a reviewer, who accepts and reaches the programme", async ({ page, browser }) => {
  await signIn(page, accounts.reviewer);
  await expect(page).toHaveURL(/\/programme$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviewers" }).click();
  await expect(page.getByRole("heading", { name: "Programme reviewers", level: 1 })).toBeVisible();
  await hydrated(page);
  const row = (text: RegExp) => page.getByTestId("reviewers").getByRole("row", { name: text });
  await expect(row(/reviewer@programme\.example/).getByText("Administrator", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
  await axeInFrench(page, "Réviseurs du programme");

  const invite = page.getByRole("region", { name: "Invite a reviewer" });
  await invite.getByLabel("E-mail address").fill("rita");
  await invite.getByRole("button", { name: "Send the invitation" }).click();
  await expect(invite.getByText("This is not a valid e-mail address", { exact: false })).toBeVisible();
  await expect(invite.getByLabel("E-mail address")).toHaveValue("rita");
  await invite.getByLabel("E-mail address").fill("rita.ng@programme.example");
  await invite.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invitation sent." })).toBeVisible();
  await expect(row(/rita\.ng@programme\.example/).getByText("Invited", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Changes to the reviewers" }).getByRole("listitem").first()).toContainText("invited");

  const rita = await (await browser.newContext()).newPage();
  const [link] = await consentLinks(rita, "rita.ng@programme.example");
  await rita.goto(link);
  await hydrated(rita);
  await expect(rita.getByRole("heading", { name: "Join the Microsoft Commerce Incentives programme on MCI Customers", level: 1 })).toBeVisible();
  await expectNoAxeViolations(rita);
  await rita.getByLabel("Name", { exact: true }).fill("Rita Ng");
  await rita.getByLabel("New password", { exact: true }).fill("violet tractor sings quietly");
  await rita.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(rita).toHaveURL(/\/programme$/);
  await expect(rita.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reviewers" })).toHaveCount(0);

  // The administrator deactivates her; her open page is refused at its next request.
  await page.reload();
  await row(/Rita Ng/).getByRole("button", { name: "Deactivate Rita Ng" }).click();
  await expect(row(/Rita Ng/).getByText("Deactivated", { exact: true })).toBeVisible();
  await rita.reload();
  await expect(rita).toHaveURL(/\/sign-in/);
});
