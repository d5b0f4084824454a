import { expect } from "@playwright/test";
import { accounts, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, withOwnServer, toEngagements } from "./helpers";

// Signs Contoso's administrator out of every device: a server of its own, so that no other
// file's sessions end with it.
const test = withOwnServer("account");

test("the account page shows who is signed in, in English and French, and passes axe", async ({ page }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  await page.getByRole("link", { name: "Camille Martin" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(accounts.contosoAdmin)).toBeVisible();
  await expect(page.getByText("Contoso Consulting").last()).toBeVisible();
  await expectNoAxeViolations(page);
  await hydrated(page);
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expect(page.getByRole("heading", { name: "Votre compte" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Se déconnecter de tous les appareils" })).toBeVisible();
  await expectPageLanguage(page, "fr");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
});

test("signing out of every device ends the session in the other browser too", async ({ browser }) => {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const onLaptop = await laptop.newPage();
  const onPhone = await phone.newPage();
  for (const page of [onLaptop, onPhone]) {
    await signIn(page, accounts.contosoAdmin);
    await toEngagements(page);
  }
  await onLaptop.goto("/account");
  await hydrated(onLaptop);
  // The keyboard alone: the button is reached and pressed like any other.
  const button = onLaptop.getByRole("button", { name: "Sign out of every device" });
  await button.focus();
  await onLaptop.keyboard.press("Enter");
  await expect(onLaptop).toHaveURL(/\/sign-in$/);
  await onPhone.goto("/engagements");
  await expect(onPhone).toHaveURL(/\/sign-in\?next=%2Fengagements$/);
  await laptop.close();
  await phone.close();
});
