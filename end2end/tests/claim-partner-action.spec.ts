import { expect, test } from "@playwright/test";
import {
  accounts,
  consentedClaim,
  engagementIdByName,
  errorSummary,
  hydrated,
  PROOF_PDF,
  PROOF_PNG,
  reviewerOn,
  serverToday,
  signIn,
  statusBadge,
  toEngagements,
} from "./helpers";

// This file's customer, on the shared server: Litware Group (by its opportunity) on Data & AI
// Proof of Concept (variable payment), where the demo data has no claim of it and no other file
// nominates it.

test("the programme asks for more, the partner answers and resubmits, twice", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const poc = await engagementIdByName(page, "Data & AI Proof of Concept");
  const claimRef = await consentedClaim(page, browser, {
    friendly_name: "Litware AI pilot",
    location_id: "1000003",
    customer_id_type: "msx_opportunity_id",
    customer_id_value: "7-LT9R3D7Q5X",
    engagement_ids: [poc],
    contact_email: "cto@litwareinc.com",
    contact_name: "Mia Schulz",
    contact_language: "en",
    hours: 40,
  });

  // Variable payment: the hours delivered, at most those claimed.
  await page.getByTestId("submit-action").click();
  await expect(page.getByLabel("Hours delivered")).toHaveValue("40");
  await page.getByLabel("Hours delivered").fill("41");
  await page.getByLabel("Completion date").fill(await serverToday(page));
  await page.getByLabel("Documents").setInputFiles({ name: "poc-report.pdf", mimeType: "application/pdf", buffer: PROOF_PDF });
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(errorSummary(page)).toContainText("cannot be more than the 40 hours claimed");
  await page.getByLabel("Hours delivered").fill("38");
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(statusBadge(page)).toHaveText("Submitted");

  const reviewer = await reviewerOn(browser, claimRef);
  const status = reviewer.getByTestId("review-status");
  const answers = [
    { request: "Add the timesheets of each consultant.", comment: "The timesheets are in the report, annex B.", file: null },
    { request: "Annex B is missing from the report.", comment: "", file: "annex-b.png" },
  ];
  for (const answer of answers) {
    await reviewer.getByRole("button", { name: "Start review" }).click();
    await expect(status).toHaveText("Under review");
    await reviewer.getByLabel("Message to the partner").fill(answer.request);
    await reviewer.getByRole("button", { name: "Ask the partner for action" }).click();
    await expect(status).toHaveText("Partner action required");

    await page.goto(`/claims/${claimRef}`);
    await hydrated(page);
    await expect(page.getByTestId("review-message")).toContainText(answer.request);
    await page.getByRole("link", { name: "Answer and resubmit" }).click();
    await expect(page.getByRole("heading", { name: "Answer the reviewer", level: 1 })).toBeVisible();
    await expect(page.getByTestId("review-request")).toContainText(answer.request);
    if (answer.comment) {
      await page.getByLabel("Your answer to the reviewer").fill(answer.comment);
    }
    if (answer.file) {
      await page.getByLabel("New documents (optional)").setInputFiles({ name: answer.file, mimeType: "image/png", buffer: PROOF_PNG });
    }
    await page.getByRole("button", { name: "Send the answer and resubmit" }).click();
    await expect(statusBadge(page)).toHaveText("Submitted");
    await reviewer.reload();
    await hydrated(reviewer);
    await expect(status).toHaveText("Submitted");
  }
  // The first submission and the two answers, each headed by what it is.
  const submissions = reviewer.getByRole("region", { name: "Submissions and documents" }).getByRole("listitem");
  await expect(submissions.filter({ hasText: /^(Submission|Answer to the reviewer)/ })).toHaveCount(3);
  await expect(reviewer.getByRole("link", { name: "annex-b.png" })).toBeVisible();
  await expect(reviewer.getByRole("region", { name: "History" })).toContainText("The timesheets are in the report, annex B.");
  await reviewer.getByRole("button", { name: "Start review" }).click();
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(status).toHaveText("Approved");
});
