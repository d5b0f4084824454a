import { expect, test } from "@playwright/test";
import {
  accounts,
  consentedClaim,
  engagementIdByName,
  errorSummary,
  expectNoAxeViolations,
  hydrated,
  PROOF_PDF,
  reviewerOn,
  serverToday,
  signIn,
  statusBadge,
  toEngagements,
} from "./helpers";

// This file's customer, on the shared server: Tailspin Toys (a tenant with no parent) on Security
// Envisioning (EUR, 4,000.00 fixed), where the demo data has no claim of it and no other file
// nominates it.
const T_TAILSPIN = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";

test("submit with a PDF, the programme approves and pays, the claim is completed with its history", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const security = await engagementIdByName(page, "Security Envisioning");
  const claimRef = await consentedClaim(page, browser, {
    friendly_name: "Tailspin SOC envisioning",
    location_id: "1000002",
    customer_id_type: "tenant_id",
    customer_id_value: T_TAILSPIN,
    engagement_ids: [security],
    contact_email: "ciso@tailspintoys.com",
    contact_name: "Lena Hoffmann",
    contact_language: "en",
  });

  // The submission form: the deadline with the time left; an empty form names each field.
  await page.getByTestId("submit-action").click();
  await expect(page.getByRole("heading", { name: "Submit the claim", level: 1 })).toBeVisible();
  await expect(page.getByTestId("submit-deadline")).toContainText("days left");
  await page.getByRole("button", { name: "Submit the claim" }).click();
  const summary = errorSummary(page);
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Add at least one document");
  await expect(summary).toContainText("Enter the date the engagement was completed");
  await page.getByLabel("Comments for the reviewer (optional)").fill("Workshop delivered on site with the CISO's team.");
  // A file whose content is not what its name says is refused, and what was typed stays.
  await page.getByLabel("Documents").setInputFiles({ name: "attendance.pdf", mimeType: "application/pdf", buffer: Buffer.from("not really a PDF") });
  await page.getByLabel("Completion date").fill(await serverToday(page));
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(summary).toContainText("is not what its name says");
  await expect(page.getByLabel("Comments for the reviewer (optional)")).toHaveValue("Workshop delivered on site with the CISO's team.");
  await page.getByLabel("Documents").setInputFiles({ name: "attendance.pdf", mimeType: "application/pdf", buffer: PROOF_PDF });
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(page.getByTestId("submitted-banner")).toBeVisible();
  await expect(statusBadge(page)).toHaveText("Submitted");
  await expect(page.getByTestId("document-link")).toHaveText("attendance.pdf");

  // The reviewer finds it in the queue, downloads the document, reviews, approves, pays.
  const reviewer = await reviewerOn(browser, claimRef);
  const status = reviewer.getByTestId("review-status");
  await expect(status).toHaveText("Submitted");
  const download = reviewer.waitForEvent("download");
  await reviewer.getByTestId("document-link").click();
  expect((await download).suggestedFilename()).toBe("attendance.pdf");
  await reviewer.getByRole("button", { name: "Start review" }).click();
  await expect(status).toHaveText("Under review");
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(status).toHaveText("Approved");
  await expect(reviewer.getByLabel("Amount paid (EUR)")).toHaveValue("4000.00");
  await expectNoAxeViolations(reviewer);
  await reviewer.getByRole("button", { name: "Mark as paid" }).click();
  await expect(status).toHaveText("Paid");
  await expect(reviewer.getByTestId("payment")).toContainText("4,000.00 EUR");

  // The partner: the claim is in the Completed tab with its date, and its whole history.
  await page.goto(`/engagements/${security}/customers?tab=completed`);
  await hydrated(page);
  const row = page.getByRole("row").filter({ hasText: "Tailspin SOC envisioning" });
  await expect(row).toContainText("Paid");
  await row.getByRole("link", { name: claimRef }).click();
  await expect(statusBadge(page)).toHaveText("Paid");
  await expect(page.getByTestId("payment")).toContainText("4,000.00 EUR");
  const history = page.getByRole("region", { name: "History" });
  for (const step of ["Claim created", "Send consent e-mail", "Accept", "Submit claim", "Start review", "Approve", "Mark as paid"]) {
    await expect(history.getByText(step, { exact: true })).toBeVisible();
  }
});
