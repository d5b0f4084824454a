import { expect } from "@playwright/test";
import {
  accounts,
  consentedClaim,
  engagementIdByName,
  errorSummary,
  hydrated,
  PROOF_PDF,
  serverToday,
  signIn,
  statusBadge,
  withOwnServer,
  toEngagements,
} from "./helpers";

// A server of its own: the file moves the server's clock past a submission deadline, which would
// move every other file's deadlines too.
const test = withOwnServer("claim-late-submission");
const T_BACKEREI = "9f8e7d6c-5b4a-4392-8e1f-0a1b2c3d4e5f";

test("a submission after the deadline is refused with a clear message, then the claim expires", async ({ page, browser }) => {
  await signIn(page, accounts.contosoAdmin);
  await toEngagements(page);
  const security = await engagementIdByName(page, "Security Envisioning");
  const claimRef = await consentedClaim(page, browser, {
    friendly_name: "Bäckerei security envisioning",
    location_id: "1000003",
    customer_id_type: "tenant_id",
    customer_id_value: T_BACKEREI,
    engagement_ids: [security],
    contact_email: "it@xn--bckerei-mnchen-5hb60b.de",
    contact_name: "Jonas Weber",
    contact_language: "en",
  });
  await page.getByTestId("submit-action").click();
  await expect(page.getByRole("heading", { name: "Submit the claim", level: 1 })).toBeVisible();
  await page.getByLabel("Completion date").fill(await serverToday(page));
  await page.getByLabel("Documents").setInputFiles({ name: "late.pdf", mimeType: "application/pdf", buffer: PROOF_PDF });

  // The 45-day submission window passes while the form is open (no sweep yet).
  const moved = await page.request.post("/dev/clock", { form: { seconds: String(46 * 86_400), sweep: "false" } });
  expect(moved.status()).toBe(200);
  await page.getByRole("button", { name: "Submit the claim" }).click();
  await expect(errorSummary(page)).toContainText(
    /The submission deadline for this claim has passed|not possible while the claim is expired before submission/,
  );

  // The sweeper then ends the claim; the claim page says so and offers nothing more.
  const swept = await page.request.post("/dev/clock", { form: { seconds: "0" } });
  expect(swept.status()).toBe(200);
  await page.goto(`/claims/${claimRef}`);
  await hydrated(page);
  await expect(statusBadge(page)).toHaveText("Expired before submission");
  await expect(page.getByTestId("submit-action")).toHaveCount(0);
});
