// The browser UI on a live team server, end to end, in headless Chromium (Debian's, driven
// by playwright-core). Run by scripts/browser-e2e.sh, which starts the server on a fresh
// file with a member "Hélène Lefèvre", a fee "Adhésion" and three users. Two browser
// contexts at once: the treasurer records a fee while the admin's members list shows the
// member up to date without a reload (server-sent events), then downloads the year's FEC from
// Books and sends a Paheko file from Imports; the auditor sees no write button (no closing in
// Books) and a direct write is refused (403). Screenshots land in the folder given.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [base, shots, password] = process.argv.slice(2);
if (!base || !shots || !password) {
  console.error("usage: node e2e/team.mjs BASE_URL SCREENSHOT_DIR PASSWORD_SUFFIX");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const WAIT = 15_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

/** Everything the page complains about: a CSP violation or a script error fails the run. */
const complaints = [];

async function open(user) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "fr-FR",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  // Refusals the run provokes (401 before login, 422, 403) are answers, not complaints; a
  // missing file of the UI or a server error is one (the browser's own favicon probe aside).
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      complaints.push(`${user}: ${message.text()}`);
  });
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if ((response.status() === 404 && path !== "/favicon.ico") || response.status() >= 500)
      complaints.push(`${user}: ${response.status()} ${path}`);
  });
  page.on("pageerror", (error) => complaints.push(`${user}: ${error.message}`));
  await page.goto(base + "/");
  return page;
}

// axe-core (WCAG 2.1 A and AA), evaluated through the DevTools protocol, which the page's
// Content-Security-Policy does not apply to: the page itself still may not load scripts.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** What axe found on each screen, printed at the end: `place: rule (impact) ×n`. */
const axeReport = [];

/** Fails on any serious or critical violation on the page as it is now, naming each element. */
async function assertAccessible(page, place) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
        .then((result) =>
          result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary.replace(/\s+/g, " ")}`),
          })),
        ),
    AXE_TAGS,
  );
  axeReport.push(`${place}: ${violations.map((v) => `${v.id} (${v.impact}) ×${v.nodes.length}`).join(", ") || "none"}`);
  const fatal = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    fatal.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`),
    [],
    `axe-core: serious or critical WCAG 2.1 AA violations on ${place}`,
  );
}

async function logIn(page, user, secret = `${user}-${password}`) {
  await page.fill("#login-user", user);
  await page.fill("#login-password", secret);
  await page.click("[data-testid=login-submit]");
}

async function navigation(page) {
  return page.$$eval("nav [data-testid^=nav-]", (buttons) =>
    buttons.map((b) => b.getAttribute("data-testid").slice("nav-".length)),
  );
}

/** Waits until `selector` shows text matching `pattern`, then returns that text. */
async function waitForText(page, selector, pattern) {
  const element = page.locator(selector).filter({ hasText: pattern }).first();
  await element.waitFor();
  return element.textContent();
}

function statusOf(page, name) {
  return page
    .locator("[data-testid=member-row]", { hasText: name })
    .locator(".member-status")
    .textContent();
}

try {
  // The admin: a wrong password first (its own sentence), then the right one.
  const admin = await open("adam");
  await admin.waitForSelector("[data-testid=login-form]");
  await assertAccessible(admin, "login");
  await logIn(admin, "adam", "pas-le-bon-mot-de-passe");
  await waitForText(admin, "[data-testid=login-error]", /incorrect/);
  await assertAccessible(admin, "login, refused");
  await admin.screenshot({ path: `${shots}/browser-login.png` });
  await logIn(admin, "adam");
  await admin.waitForSelector("[data-testid=signed-in]");
  assert.match(await admin.textContent("[data-testid=signed-in]"), /adam \(admin\)/);
  // names and status but no amounts: the members list and the service accounts, not the money
  const adminScreens = await navigation(admin);
  assert.deepEqual(adminScreens, ["members", "accounts"], "the admin is offered the members and the service accounts only");
  await admin.waitForSelector("[data-testid=member-row]");
  assert.equal(await statusOf(admin, "Lefèvre"), "sans cotisation");
  assert.equal(await admin.locator("[data-testid=member-add]").count(), 0, "adding is a secretary's or treasurer's");
  await admin.screenshot({ path: `${shots}/browser-admin.png` });
  await assertAccessible(admin, "members (admin)");

  // The treasurer, at the same time, in another context: records Hélène's fee.
  const treasurer = await open("tom");
  await logIn(treasurer, "tom");
  await treasurer.waitForSelector("[data-testid=signed-in]");
  const treasurerScreens = await navigation(treasurer);
  assert.ok(treasurerScreens.includes("money") && treasurerScreens.includes("members"), `${treasurerScreens}`);
  await treasurer.click("[data-testid=nav-money]");
  await treasurer.waitForSelector("[data-testid=money-income-total]");
  await treasurer.screenshot({ path: `${shots}/browser-treasurer.png` });
  await assertAccessible(treasurer, "money (treasurer)");
  await treasurer.click("[data-testid=money-pay-open]");
  await treasurer.fill("[data-testid=pay-member]", "lefev");
  await treasurer.click("[data-testid=pay-member-option]");
  const plan = await treasurer.$eval("[data-testid=pay-plan] option:nth-child(2)", (o) => o.value);
  await treasurer.selectOption("[data-testid=pay-plan]", plan);
  // a refusal first: the server's sentence next to the field, as in the window
  await treasurer.fill("[data-testid=pay-amount]", "12,5O");
  await treasurer.click("[data-testid=pay-submit]");
  await waitForText(treasurer, "[data-testid=pay-error]", /illisible/);
  await assertAccessible(treasurer, "money: payment form, refused");
  await treasurer.fill("[data-testid=pay-amount]", "20");
  await treasurer.waitForFunction(
    () => document.querySelector("[data-testid=pay-split]")?.textContent?.includes("7562"),
  );
  await treasurer.click("[data-testid=pay-submit]");
  await waitForText(treasurer, "[data-testid=money-notice]", /enregistré pour Hélène/);

  // The admin's screen, untouched, shows Hélène up to date: the live event made it reload.
  await admin.waitForFunction(
    () =>
      [...document.querySelectorAll("[data-testid=member-row]")]
        .find((row) => row.textContent.includes("Lefèvre"))
        ?.querySelector(".member-status")?.textContent === "à jour",
  );
  await admin.screenshot({ path: `${shots}/browser-admin-after-fee.png` });

  // The treasurer keeps the books: Books and Reports are offered (Reports without the
  // charter's registers, the admin's), and the year's FEC comes as a download from the
  // operation; the report's page shows in its frame, served with a policy of its own (its
  // inline styles would break the UI's: `complaints` would hold the violation).
  assert.ok(treasurerScreens.includes("books") && treasurerScreens.includes("reports"), `${treasurerScreens}`);
  await treasurer.click("[data-testid=nav-books]");
  await treasurer.waitForSelector("[data-testid=books-status]");
  const thisYear = String(new Date().getFullYear());
  await treasurer.selectOption("[data-testid=books-year]", thisYear);
  await treasurer.waitForSelector("[data-testid=books-close]");
  const [fec] = await Promise.all([
    treasurer.waitForEvent("download"),
    treasurer.click("[data-testid=export-fec]"),
  ]);
  assert.match(fec.suggestedFilename(), new RegExp(`^732829320FEC${thisYear}1231\\.txt$`));
  const fecLines = readFileSync(await fec.path(), "utf8").split("\r\n").filter((line) => line !== "");
  assert.deepEqual(fecLines[0].split("\t").slice(0, 4), ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate"]);
  assert.ok(fecLines.length > 1, "the FEC has the fee's lines");
  assert.ok(fecLines.slice(1).every((line) => line.split("\t").length === 18), "18 columns a line");
  await waitForText(treasurer, "[data-testid=export-result]", /FEC/);
  await treasurer.screenshot({ path: `${shots}/browser-treasurer-books.png` });
  await assertAccessible(treasurer, "books (treasurer)");
  await treasurer.click("[data-testid=nav-reports]");
  const report = treasurer.frameLocator("[data-testid=report-preview]").locator("body");
  await report.getByText("AMIPO").first().waitFor({ timeout: 15000 });
  assert.match(await report.innerText(), /AMIPO/);
  assert.equal(await treasurer.locator("[data-testid=report-preview]").getAttribute("srcdoc"), null);
  await treasurer.screenshot({ path: `${shots}/browser-treasurer-reports.png` });

  // The treasurer's Imports, in a browser: every file chosen here is sent whole to the
  // server's operation of its kind. First a HelloAsso payments CSV: its dry run lists every
  // line of the file, the import writes what is valid, and checking the same file again
  // creates nothing.
  assert.ok(treasurerScreens.includes("imports"), `${treasurerScreens}`);
  await treasurer.click("[data-testid=nav-imports]");
  await treasurer.check("[data-testid=import-kind-helloasso]");
  // HelloAsso without files is offered here too; connecting it is the owner's, once for all
  assert.match(
    await treasurer.textContent("[data-testid=helloasso-ask-owner]"),
    /propriétaire/,
  );
  assert.equal(await treasurer.locator("[data-testid=helloasso-org]").count(), 0, "the settings form is the owner's");
  const payments = new URL("../../tests/data/helloasso/paiements.csv", import.meta.url).pathname;
  const paymentLines = readFileSync(payments, "utf8").split(/\r?\n/).filter((line) => line.trim() !== "").length - 1;
  await treasurer.setInputFiles("[data-testid=import-upload]", payments);
  await treasurer.waitForSelector("[data-testid=import-review]");
  assert.match(await treasurer.textContent("[data-testid=import-file]"), /paiements\.csv/);
  assert.equal(await treasurer.locator("[data-testid=import-row]").count(), paymentLines, "a row per line of the file");
  assert.ok((await treasurer.locator("[data-testid=import-row][data-outcome=created]").count()) > 0, "the dry run would create entries");
  await treasurer.screenshot({ path: `${shots}/browser-treasurer-import-helloasso.png`, fullPage: true });
  await assertAccessible(treasurer, "imports: HelloAsso dry run (treasurer)");
  // the file's fees under the plan's 20 € are refused: the treasurer imports the others
  assert.ok((await treasurer.locator("[data-testid=import-row][data-outcome=refused]").count()) > 0);
  await treasurer.check("[data-testid=import-skip-invalid]");
  await treasurer.click("[data-testid=import-confirm]");
  await treasurer.waitForSelector("[data-testid=import-summary][data-status=imported]");
  await treasurer.setInputFiles("[data-testid=import-upload]", payments);
  await treasurer.waitForSelector("[data-testid=import-review] >> [data-testid=import-row]");
  assert.equal(await treasurer.locator("[data-testid=import-summary]").count(), 0, "a new dry run, not the import's summary");
  assert.equal(await treasurer.locator("[data-testid=import-row][data-outcome=created]").count(), 0, "already imported: nothing new");

  // A members CSV: its header comes back with the fields guessed; the column named in no
  // way Panier knows is mapped by hand, then the dry run, then the import.
  await treasurer.check("[data-testid=import-kind-members]");
  await treasurer.setInputFiles("[data-testid=import-upload]", {
    name: "adherents.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Prénom;Nom;Courriel\nZoé;Marchetti;zoe.marchetti@example.org\nYann;Quéré;yann.quere@example.org\n"),
  });
  await treasurer.waitForSelector("[data-testid=import-map-2]");
  assert.equal(await treasurer.inputValue("[data-testid=import-map-0]"), "first_name");
  assert.equal(await treasurer.inputValue("[data-testid=import-map-1]"), "last_name");
  assert.equal(await treasurer.inputValue("[data-testid=import-map-2]"), "", "Courriel: no field guessed");
  await treasurer.selectOption("[data-testid=import-map-2]", "email");
  await treasurer.click("[data-testid=import-check]");
  await treasurer.waitForSelector("[data-testid=import-row][data-line='3'][data-outcome=created]");
  assert.equal(await treasurer.locator("[data-testid=import-row][data-outcome=created]").count(), 2);
  await treasurer.screenshot({ path: `${shots}/browser-treasurer-import-members.png`, fullPage: true });
  await assertAccessible(treasurer, "imports: members mapping and dry run (treasurer)");
  await treasurer.click("[data-testid=import-confirm]");
  await treasurer.waitForSelector("[data-testid=import-summary][data-status=imported]");
  await treasurer.click("[data-testid=nav-members]");
  await treasurer.locator("[data-testid=member-row]", { hasText: "Marchetti" }).first().waitFor();

  // The Paheko file: the server's operation answers with the core's sentence: this file
  // already holds members, so Paheko's association would go into a new one.
  await treasurer.click("[data-testid=nav-imports]");
  await treasurer.check("[data-testid=import-kind-paheko]");
  await treasurer.waitForSelector("[data-testid=paheko-choose]");
  await treasurer.setInputFiles("[data-testid=paheko-upload]", new URL("../../tests/data/paheko/association-1.3.sqlite", import.meta.url).pathname);
  await waitForText(treasurer, "[data-testid=paheko-error]", /contient déjà des membres/);
  assert.match(await treasurer.textContent("[data-testid=paheko-file]"), /association-1\.3\.sqlite/);
  await assertAccessible(treasurer, "imports: Paheko, refused (treasurer)");

  // The auditor reads the money but is offered no write, and a write sent anyway is refused.
  const auditor = await open("aude");
  await logIn(auditor, "aude");
  await auditor.waitForSelector("[data-testid=signed-in]");
  await auditor.click("[data-testid=nav-money]");
  await auditor.waitForSelector("[data-testid=money-income-total]");
  for (const button of ["money-pay-open", "money-donate-open", "money-expense-open", "money-recurring-open"]) {
    assert.equal(await auditor.locator(`[data-testid=${button}]`).count(), 0, `${button} offered to the auditor`);
  }
  // the fee just recorded is in the auditor's list, with no reversal offered
  await auditor.click("[data-testid=entry-open]");
  await auditor.waitForSelector("[data-testid=entry-panel]");
  assert.equal(await auditor.locator("[data-testid=reverse-submit]").count(), 0, "no reversal for the auditor");
  await auditor.screenshot({ path: `${shots}/browser-auditor.png` });
  await assertAccessible(auditor, "money: an entry (auditor)");
  await auditor.click("[data-testid=nav-members]");
  await auditor.waitForSelector("[data-testid=member-row]");
  assert.equal(await auditor.locator("[data-testid=member-add]").count(), 0);
  await assertAccessible(auditor, "members (auditor)");
  const direct = await auditor.evaluate(async () => {
    const me = await (await fetch("/api/me", { credentials: "same-origin" })).json();
    const answer = await fetch("/api/ops/money_record_donation", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf },
      body: JSON.stringify({ member: null, from: "Test", subsidy: false, amount: "5", date: "", method: "cash", label: "" }),
    });
    return { status: answer.status, body: await answer.json() };
  });
  assert.equal(direct.status, 403, JSON.stringify(direct));
  assert.equal(direct.body.error, "forbidden");

  // The auditor reads the books, with no closing and no volunteering form; closing the year
  // anyway is refused.
  await auditor.click("[data-testid=nav-books]");
  await auditor.waitForSelector("[data-testid=books-status]");
  await auditor.selectOption("[data-testid=books-year]", String(new Date().getFullYear()));
  await auditor.waitForSelector("[data-testid=books-income-total]");
  assert.equal(await auditor.locator("[data-testid=books-close]").count(), 0, "no closing for the auditor");
  assert.equal(await auditor.locator("[data-testid=volunteering-add]").count(), 0, "no volunteering form for the auditor");
  assert.equal(await auditor.locator("[data-testid=export-fec]").count(), 1, "the auditor reads the exports");
  await auditor.screenshot({ path: `${shots}/browser-auditor-books.png` });
  const closing = await auditor.evaluate(async () => {
    const me = await (await fetch("/api/me", { credentials: "same-origin" })).json();
    const answer = await fetch("/api/ops/close_year", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf },
      body: JSON.stringify({ year: 2025 }),
    });
    return { status: answer.status, body: await answer.json() };
  });
  assert.equal(closing.status, 403, JSON.stringify(closing));
  assert.equal(closing.body.error, "forbidden");

  // Logging out brings the login back.
  await auditor.click("[data-testid=logout]");
  await auditor.waitForSelector("[data-testid=login-form]");

  assert.deepEqual(complaints, [], "no CSP violation, no script error");
  console.log("axe-core, WCAG 2.1 AA:\n  " + axeReport.join("\n  "));
  console.log("browser e2e: ok (admin, treasurer, auditor; screenshots in " + shots + ")");
} finally {
  await browser.close();
}
