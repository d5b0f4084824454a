import { expect, test } from "@playwright/test";
import {
  accounts,
  consentedClaim,
  deadline,
  engagementIdByName,
  errorSummary,
  hydrated,
  reviewerOn,
  signIn,
  statusBadge,
  submitWithPdf,
  toEngagements,
} from "./helpers";

// This file's customer, on the shared server: Contoso Global Industries (by Wide World Importers'
// subscription) on Azure Migration Assessment, where the demo data's claim of it ended (consent
// expired) and no other file nominates it.

test("a rejection is disputed with a reason, and the programme makes it final", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const migration = await engagementIdByName(page, "Azure Migration Assessment");
  const claimRef = await consentedClaim(page, browser, {
    friendly_name: "Northwind staging subscription",
    location_id: "1000001",
    customer_id_type: "azure_subscription_id",
    customer_id_value: "c3d4e5f6-a7b8-4901-8234-d5e6f7a8b903",
    engagement_ids: [migration],
    contact_email: "ops@northwindtraders.com",
    contact_name: "Hugo Bernard",
    contact_language: "en",
  });
  await submitWithPdf(page);

  const reviewer = await reviewerOn(browser, claimRef);
  const status = reviewer.getByTestId("review-status");
  await reviewer.getByRole("button", { name: "Start review" }).click();
  await expect(status).toHaveText("Under review");
  // A rejection needs its reason.
  await reviewer.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(errorSummary(reviewer)).toContainText("Enter the reason for the rejection");
  await reviewer.getByLabel("Message to the partner").fill("The assessment report does not cover the production subscription.");
  await reviewer.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(status).toHaveText("Rejected");

  // The partner reads the reason and disputes within the window.
  await page.reload();
  await hydrated(page);
  await expect(statusBadge(page)).toHaveText("Rejected");
  await expect(page.getByTestId("review-message")).toContainText("does not cover the production subscription");
  await expect(deadline(page)).toContainText("Dispute deadline");
  await page.getByRole("button", { name: "Dispute the rejection" }).click();
  await expect(errorSummary(page)).toContainText("Enter why you dispute the rejection");
  await page.getByLabel("Why the rejection is not right").fill("Section 4 of the report covers the production subscription.");
  await page.getByRole("button", { name: "Dispute the rejection" }).click();
  await expect(statusBadge(page)).toHaveText("Disputed");

  // The reviewer sees the dispute and rejects it for good.
  await reviewer.reload();
  await hydrated(reviewer);
  await expect(status).toHaveText("Disputed");
  await expect(reviewer.getByTestId("dispute-reason")).toContainText("Section 4 of the report");
  await reviewer.getByLabel("Message to the partner").fill("Section 4 lists the subscription but does not assess it.");
  await reviewer.getByRole("button", { name: "Reject dispute" }).click();
  await expect(status).toHaveText("Rejected (final)");

  await page.goto(`/engagements/${migration}/customers?tab=completed`);
  await hydrated(page);
  const row = page.getByRole("row").filter({ hasText: "Northwind staging subscription" });
  await expect(row).toContainText("Rejected (final)");
  await row.getByRole("link", { name: claimRef }).click();
  await expect(page.getByTestId("review-message")).toContainText("does not assess it");
  await expect(page.getByRole("region", { name: "History" })).toContainText("Section 4 of the report covers the production subscription.");
});
