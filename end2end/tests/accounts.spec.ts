import { expect, Page } from "@playwright/test";
import { accounts, consentLinks, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, withOwnServer } from "./helpers";

// Issue 18: a colleague joins by invitation, and a forgotten password is reset by e-mail. A
// server of its own: this file adds a user and changes a password.
const test = withOwnServer("accounts");

const STRONG = "violet tractor sings quietly";

/** Checks the page in French with axe, then puts it back in English. */
async function axeInFrench(page: Page, heading: string) {
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
}

/** Types a new password and waits for the meter's verdict. */
async function typeNewPassword(page: Page, password: string, verdict: RegExp) {
  await page.getByLabel("New password", { exact: true }).fill(password);
  await expect(page.getByRole("status").filter({ hasText: "Strength:" })).toHaveText(verdict);
}

test("an administrator invites a colleague, who accepts, sets a password and signs in", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await expect(page).toHaveURL(/\/attention$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await hydrated(page);
  const invite = page.getByRole("region", { name: "Invite a colleague" });
  await invite.getByLabel("E-mail address").fill("not an address");
  await invite.getByRole("button", { name: "Send the invitation" }).click();
  // Refused, named, and what was typed stays.
  await expect(invite.getByText("This is not a valid e-mail address", { exact: false })).toBeVisible();
  await expect(invite.getByLabel("E-mail address")).toHaveValue("not an address");
  await invite.getByLabel("E-mail address").fill("nadia.haddad@contoso.example");
  await invite.getByLabel("Contoso Consulting Paris").check();
  await invite.getByRole("button", { name: "Send the invitation" }).click();
  await expect(invite.getByRole("status")).toHaveText("Invitation sent to nadia.haddad@contoso.example.");
  const row = page.getByTestId("team").getByRole("row", { name: /nadia\.haddad@contoso\.example/ });
  await expect(row.getByText("Invited", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: "Re-send the invitation to nadia.haddad@contoso.example" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Changes to the team" }).getByRole("listitem").first()).toContainText("invited");
  await expectNoAxeViolations(page);

  // The colleague's browser: the link from the e-mail.
  const colleague = await (await browser.newContext()).newPage();
  const [link] = await consentLinks(colleague, "nadia.haddad@contoso.example");
  expect(link).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);
  await colleague.goto(link);
  await hydrated(colleague);
  await expect(colleague.getByRole("heading", { name: "Join Contoso Consulting on MCI Customers", level: 1 })).toBeVisible();
  await expect(colleague.getByText(/invited you to Contoso Consulting's team as Incentives user/)).toBeVisible();
  await expect(colleague.getByText(/This invitation works once, until .* \(.*\)/)).toBeVisible();
  await expectNoAxeViolations(colleague);
  await axeInFrench(colleague, "Rejoindre Contoso Consulting sur MCI Customers");

  await colleague.getByLabel("Name", { exact: true }).fill("Nadia Haddad");
  await typeNewPassword(colleague, "password1234", /common password/);
  await colleague.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(colleague.getByText("This password is on the list of common and breached passwords", { exact: false })).toBeVisible();
  await expect(colleague.getByLabel("Name", { exact: true })).toHaveValue("Nadia Haddad");
  await typeNewPassword(colleague, STRONG, /Strength: (good|strong)/);
  await colleague.getByRole("button", { name: "Accept and sign in" }).click();
  await expect(colleague).toHaveURL(/\/attention$/);
  await expect(colleague.getByRole("link", { name: "Nadia Haddad" })).toBeVisible();

  // The link worked once; the password works from now on.
  await colleague.goto(link);
  await expect(colleague.getByRole("heading", { name: "This invitation link no longer works" })).toBeVisible();
  const later = await (await browser.newContext()).newPage();
  await signIn(later, "nadia.haddad@contoso.example", STRONG);
  await expect(later).toHaveURL(/\/attention$/);

  // The team now shows her as active.
  await page.reload();
  await expect(page.getByTestId("team").getByRole("row", { name: /Nadia Haddad/ }).getByText("Active", { exact: true })).toBeVisible();
});

test("a forgotten password is reset with the e-mailed link, then the new one signs in", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password", level: 1 })).toBeVisible();
  await hydrated(page);
  await expectNoAxeViolations(page);
  await axeInFrench(page, "Réinitialiser votre mot de passe");
  await page.getByLabel("E-mail address").fill(accounts.contosoUser);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account exists for this address");

  const [link] = await consentLinks(page, accounts.contosoUser);
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  await page.goto(link);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Choose a new password", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
  await axeInFrench(page, "Choisir un nouveau mot de passe");
  await typeNewPassword(page, "short", /too short/);
  await typeNewPassword(page, STRONG, /Strength: (good|strong)/);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password is changed" })).toBeVisible();

  // The link is spent; the old password is gone, the new one signs in.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This password reset link no longer works" })).toBeVisible();
  await expectNoAxeViolations(page);
  await signIn(page, accounts.contosoUser);
  await expect(page.getByRole("alert")).toBeVisible();
  await signIn(page, accounts.contosoUser, STRONG);
  await expect(page).toHaveURL(/\/attention$/);
});
