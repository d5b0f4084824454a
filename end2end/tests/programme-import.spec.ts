import { expect, test } from "@playwright/test";
import { accounts, expectNoAxeViolations, hydrated, signIn } from "./helpers";

// New tenants only, of this file's own (no other file types them): no nomination.
const GOOD = [
  "tenant_id,name,country,segment,domains",
  "6b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d01,Adatum Labs,US,SMB,adatum-labs.example;adatum-labs.net",
].join("\n");
const BAD = [
  "tenant_id,name,country,segment,domains",
  "6b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d02,Fourth Coffee,US,SMB,fourthcoffee.com",
  "not-a-guid,Contoso Pharma,FR,Enterprise,contoso-pharma.fr",
].join("\n");

test("a reviewer imports directory records: a file with a bad row changes nothing, a good one loads", async ({ page }) => {
  await signIn(page, accounts.reviewer);
  await expect(page).toHaveURL(/\/programme/);
  await hydrated(page);
  await page.getByRole("link", { name: "Import data" }).click();
  await expect(page.getByRole("heading", { name: "Import programme data", level: 1 })).toBeVisible();
  await page.getByLabel("What the file holds").selectOption({ label: "Tenants and their domains" });

  await page.getByLabel("CSV file").setInputFiles({ name: "tenants-bad.csv", mimeType: "text/csv", buffer: Buffer.from(BAD) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "The file was not imported" })).toBeVisible();
  const problems = page.getByRole("table", { name: "The file was not imported" });
  await expect(problems.getByRole("row")).toHaveCount(2); // header + line 3
  await expect(problems.getByRole("row").nth(1)).toContainText("3");
  await expectNoAxeViolations(page);

  await page.getByLabel("CSV file").setInputFiles({ name: "tenants.csv", mimeType: "text/csv", buffer: Buffer.from(GOOD) });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "File imported" })).toBeVisible();
  const history = page.getByRole("region", { name: "Recent imports" });
  await expect(history).toContainText("tenants.csv");
  await expect(history).not.toContainText("tenants-bad.csv");
});
