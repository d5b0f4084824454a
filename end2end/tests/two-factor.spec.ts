import { expect, Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { accounts, expectNoAxeViolations, expectPageLanguage, hydrated, signIn, withOwnServer } from "./helpers";

// Issue 18: a user turns two-factor authentication on with its authenticator app, then signs in
// with a code from the same secret. The test is the phone: it computes RFC 6238 codes with Node's
// own HMAC, independently of the server's crate. A server of its own: this file changes a user.
const test = withOwnServer("two-factor");

/** RFC 4648 base32, as authenticator apps read the key. */
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    const value = alphabet.indexOf(c);
    if (value < 0) throw new Error(`not base32: ${c}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: HMAC-SHA1 over the 30-second step, dynamic truncation, six digits. */
function totp(secret: string, atSeconds: number): string {
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(atSeconds / 30)));
  const mac = createHmac("sha1", base32(secret)).update(step).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** The code `steps` steps from now, away from a step's edge. */
async function code(secret: string, steps = 0): Promise<string> {
  while (Date.now() / 1000 % 30 > 27) await new Promise((r) => setTimeout(r, 500));
  return totp(secret, Date.now() / 1000 + steps * 30);
}

async function axeInFrench(page: Page, heading: string, level: number) {
  await page.getByRole("button", { name: "Afficher en français" }).click();
  await expectPageLanguage(page, "fr");
  await expect(page.getByRole("heading", { name: heading, level })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Show in English" }).click();
  await expectPageLanguage(page, "en");
}

test("the node RFC 6238 code matches the RFC's own test vector", async () => {
  // RFC 6238 appendix B, SHA-1 at T = 59 s: 94287082, so 287082 on six digits.
  expect(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59)).toBe("287082");
});

test("a user turns on two-factor authentication and signs in with a code from the same secret", async ({ page, browser }) => {
  await signIn(page, accounts.contosoUser);
  await expect(page).toHaveURL(/\/attention$/);
  await hydrated(page);
  await page.getByRole("link", { name: "Louis Bernard" }).click();
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(section.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await section.getByTestId("two-factor-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectNoAxeViolations(page);

  // A wrong code is refused beside the field, and what was typed stays.
  const right = await code(secret, -1);
  const wrong = right === "000000" ? "111111" : "000000";
  await section.getByLabel("Authentication code").fill(wrong);
  await section.getByRole("button", { name: "Turn on" }).click();
  await expect(section.getByText("This code is not right, or was already used.", { exact: false })).toBeVisible();
  await expect(section.getByLabel("Authentication code")).toHaveValue(wrong);
  await section.getByLabel("Authentication code").fill(await code(secret, -1));
  await section.getByRole("button", { name: "Turn on" }).click();
  const codes = section.getByRole("list", { name: "Your recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  await expect(codes.first()).toHaveText(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await expect(section.getByText("On", { exact: true })).toBeVisible();
  await expect(section.getByText("10 recovery codes left.")).toBeVisible();
  await expectNoAxeViolations(page);
  await axeInFrench(page, "Authentification à deux facteurs", 2);

  // Another browser: the password, then the code.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, accounts.contosoUser);
  await expect(other.getByRole("heading", { name: "Two-factor authentication", level: 2 })).toBeVisible();
  await expect(other).toHaveURL(/\/sign-in/);
  await expectNoAxeViolations(other);
  await axeInFrench(other, "Authentification à deux facteurs", 2);
  await other.getByLabel("Authentication code").fill(wrong);
  await other.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(other.getByText("This code is not right, or was already used.", { exact: false })).toBeVisible();
  await other.getByLabel("Authentication code").fill(await code(secret, 0));
  await other.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(other).toHaveURL(/\/attention$/);
  await expect(other.getByRole("link", { name: "Louis Bernard" })).toBeVisible();
});
