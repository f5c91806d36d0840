package org.hemacds.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo page in a real browser (Debian's headless Chromium driven by its chromedriver), against
 * the service on a random port with security on: the page signs every call with a demo-issuer
 * token. Walks the aplastic anaemia patient through patient-view, order-select (arsenic trioxide:
 * the warning card, its suggestion removes the order), an override with a reason, and order-sign.
 * Screenshots go to {@code target/screenshots/}. Skipped when Chromium or chromedriver is not
 * installed ({@code apt-get install -y chromium chromium-driver}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoPageBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @TempDir Path profile;

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void browserInstalled() {
    HeadlessChromium.assumeInstalled();
  }

  @BeforeEach
  void startBrowser() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    driver = HeadlessChromium.start(profile, "1400,1000");
    wait = new WebDriverWait(driver, WAIT);
  }

  @AfterEach
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void aplasticAnaemiaPatientWalkthrough() throws Exception {
    driver.get("http://localhost:" + port + "/");
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    assertThat(driver.findElements(By.cssSelector("button.patient")))
        .as("one entry per sample patient")
        .hasSizeGreaterThanOrEqualTo(10);
    screenshot("01-patient-list");

    // Open the chart: patient-view fires; its cards and the chart's problems and labs show.
    driver.findElement(By.cssSelector("button.patient[data-patient-id='aa-001']")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("pv-cards"), "data-loaded", "true"));
    WebElement ironCard = card("#pv-cards", "R14");
    assertThat(ironCard.getAttribute("data-indicator")).isEqualTo("warning");
    assertThat(card("#pv-cards", "R22").getAttribute("data-indicator")).isEqualTo("info");
    assertThat(driver.findElement(By.id("problems")).getText()).contains("aplastic anaemia");
    assertThat(driver.findElement(By.id("labs")).getText())
        .contains("Haemoglobin", "7.9", "g/dL", "Ferritin", "1850", "ng/mL");
    screenshot("02-chart-patient-view");

    // Select arsenic trioxide: order-select fires; the warning card R01 (and R04) appear.
    driver.findElement(By.cssSelector("button.formulary__add[data-drug='ato']")).click();
    WebElement atoCard = waitForCard("#select-cards", "R01");
    assertThat(atoCard.getAttribute("data-indicator")).isEqualTo("warning");
    assertThat(atoCard.findElement(By.cssSelector(".cds-card__summary")).getText())
        .startsWith("Arsenic trioxide is not recommended for aplastic anemia outside a trial");
    waitForCard("#select-cards", "R04");
    assertThat(drafts()).anyMatch(id -> id.startsWith("MedicationRequest/draft-ato-"));

    // Its detail is rendered from markdown: bold headings, list items, the rule footer.
    atoCard.findElement(By.cssSelector(".cds-card__toggle")).click();
    WebElement detail = atoCard.findElement(By.cssSelector(".cds-card__detail"));
    wait.until(ExpectedConditions.visibilityOf(detail));
    assertThat(detail.findElements(By.tagName("strong")))
        .extracting(WebElement::getText)
        .contains("Why this card", "What the evidence says");
    assertThat(detail.findElements(By.tagName("li"))).isNotEmpty();
    assertThat(detail.findElements(By.tagName("code"))).isNotEmpty();
    assertThat(detail.getText()).contains("Rule R01 v1 · suggestion for the treating clinician");
    WebElement source = atoCard.findElement(By.cssSelector(".cds-card__source a"));
    assertThat(source.getAttribute("href")).startsWith("https://");
    assertThat(source.getAttribute("rel")).contains("noopener");
    screenshot("03-order-select-arsenic-trioxide", atoCard);

    // Accept its suggestion: the draft order is really removed.
    WebElement remove = atoCard.findElement(By.cssSelector("button.cds-suggestion"));
    assertThat(remove.getText()).isEqualTo("Remove the arsenic trioxide order");
    remove.click();
    wait.until(
        d -> drafts().stream().noneMatch(id -> id.startsWith("MedicationRequest/draft-ato-")));
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#select-cards article.cds-card"), 0));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("activity"), "Accepted \"Remove the arsenic trioxide order\" (R01)"));
    screenshot("04-suggestion-accepted-order-removed", driver.findElement(By.id("drafts-empty")));

    // Override another card (R14, from patient-view) with one of its override reasons.
    ironCard.findElement(By.cssSelector("button.cds-card__override")).click();
    Select reason = new Select(ironCard.findElement(By.cssSelector("select.cds-override__reason")));
    assertThat(reason.getOptions())
        .extracting(WebElement::getText)
        .contains("Already addressed (ordered, planned or done elsewhere)");
    reason.selectByVisibleText("Already addressed (ordered, planned or done elsewhere)");
    ironCard
        .findElement(By.cssSelector("input.cds-override__comment"))
        .sendKeys("Chelation planned at the next visit");
    ironCard.findElement(By.cssSelector("button.cds-override__confirm")).click();
    wait.until(ExpectedConditions.attributeToBe(ironCard, "data-state", "overridden"));
    assertThat(ironCard.getText()).contains("Overridden: Already addressed");
    wait.until(d -> ironCard.getAttribute("data-feedback") != null);
    String feedback = ironCard.getAttribute("data-feedback");
    screenshot("05-card-overridden", ironCard);

    // Order-sign: eltrombopag (no card for this chart) is signed straight away.
    driver.findElement(By.cssSelector("button.formulary__add[data-drug='eltrombopag']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("activity"), "order-select (Eltrombopag) → 0 card(s)"));
    driver.findElement(By.id("sign")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("activity"), "order-sign (1 order(s)) → 0 card(s)"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed"), "Eltrombopag"));
    assertThat(drafts()).isEmpty();
    screenshot("06-order-signed", driver.findElement(By.id("signed")));

    assertMarkdownIsRenderedSafely();
    assertNoScriptErrors();

    // Feedback recorded: only once the feedback endpoint exists (built on another branch).
    assumeTrue(
        !"failed:404".equals(feedback),
        "Feedback endpoint not available yet (POST /cds-services/hematology-patient-view/feedback"
            + " answered 404): the page showed the failure unobtrusively; skipping the check that"
            + " the override was recorded");
    assertThat(feedback).as("feedback status of the overridden card").isEqualTo("recorded");
    HttpResponse<String> analytics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/analytics/rules"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assumeTrue(
        analytics.statusCode() != 404,
        "GET /analytics/rules not available yet: cannot read back the recorded feedback");
    Map<String, JsonNode> rules = new java.util.HashMap<>();
    for (JsonNode rule : JSON.readTree(analytics.body()).path("rules")) {
      rules.put(rule.path("ruleId").asString(""), rule);
    }
    assertThat(rules.get("R14").path("overridden").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(rules.get("R01").path("accepted").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void createSuggestionsAddTheProposedOrdersAndSignShowsItsCards() throws Exception {
    driver.get("http://localhost:" + port + "/#patient=mds-002");
    wait.until(ExpectedConditions.attributeToBe(By.id("pv-cards"), "data-loaded", "true"));
    WebElement ironCard = card("#pv-cards", "R14");
    card("#pv-cards", "R18");

    // The create suggestion puts the proposed deferasirox order into the draft list ...
    WebElement create = ironCard.findElement(By.cssSelector("button.cds-suggestion"));
    assertThat(create.getText())
        .isEqualTo("Create deferasirox order (dose per label, weight-based)");
    create.click();
    wait.until(d -> drafts().stream().anyMatch(id -> id.startsWith("MedicationRequest/")));
    assertThat(driver.findElement(By.id("drafts")).getText()).contains("deferasirox", "81 kg");
    assertThat(ironCard.getAttribute("data-state")).isEqualTo("accepted");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("activity"), "order-select (deferasirox) → 0 card(s)"));

    // ... so an RBC transfusion now raises R15 only: the drafted chelator silences R14.
    driver.findElement(By.cssSelector("button.formulary__add[data-drug='rbc']")).click();
    waitForCard("#select-cards", "R15");
    assertThat(driver.findElements(By.cssSelector("#select-cards article[data-rule='R14']")))
        .isEmpty();
    screenshot("07-create-suggestion-and-rbc", card("#select-cards", "R15"));

    // CTIT: the ATRA suggestion carries the dose computed from the BSA; accepted, the new
    // tretinoin order is selected and R24 (monitoring) appears on it.
    driver.findElement(By.cssSelector("button.patient[data-patient-id='onc-004']")).click();
    WebElement atra = waitForCard("#pv-cards", "R23");
    WebElement createAtra = atra.findElement(By.cssSelector("button.cds-suggestion"));
    assertThat(createAtra.getText()).startsWith("Create tretinoin (ATRA)");
    createAtra.click();
    waitForCard("#select-cards", "R24");
    assertThat(driver.findElement(By.id("drafts")).getText())
        .contains("50 mg by mouth once daily for 6 weeks");
    screenshot("08-atra-suggestion-accepted", card("#select-cards", "R24"));

    // order-sign on a chart where signing raises a warning: cards first, then "Sign anyway".
    driver.findElement(By.cssSelector("button.patient[data-patient-id='onc-003']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("pv-cards"), "No decision support for this chart."));
    driver.findElement(By.cssSelector("button.formulary__add[data-drug='epoetin']")).click();
    waitForCard("#select-cards", "R12");
    driver.findElement(By.id("sign")).click();
    WebElement signCard = waitForCard("#sign-cards", "R12");
    assertThat(signCard.getAttribute("data-indicator")).isEqualTo("warning");
    wait.until(ExpectedConditions.textToBe(By.id("sign"), "Sign anyway"));
    screenshot("09-order-sign-cards", signCard);
    driver.findElement(By.id("sign")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed"), "Epoetin alfa"));
    assertThat(drafts()).isEmpty();
    assertNoScriptErrors();
  }

  /** Markup inside card markdown is shown as text; only http(s) links survive. */
  private void assertMarkdownIsRenderedSafely() {
    Object result =
        ((JavascriptExecutor) driver)
            .executeScript(
                "var div = document.createElement('div');"
                    + "div.appendChild(window.HemaMarkdown.render("
                    + "'<img src=x onerror=\"window.__pwned=1\"> **bold** `<b>code</b>` 10*9/L"
                    + " and 10*9/L\\n\\n- [evil](javascript:alert(1)) [ok](https://example.org/x)'));"
                    + "return {imgs: div.getElementsByTagName('img').length,"
                    + " bs: div.getElementsByTagName('b').length,"
                    + " ems: div.getElementsByTagName('em').length,"
                    + " strong: div.getElementsByTagName('strong').length,"
                    + " links: Array.prototype.map.call(div.getElementsByTagName('a'),"
                    + "   function (a) { return a.getAttribute('href'); }),"
                    + " text: div.textContent, pwned: !!window.__pwned};");
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) result;
    assertThat(out.get("imgs")).isEqualTo(0L);
    assertThat(out.get("bs")).isEqualTo(0L);
    assertThat(out.get("ems")).as("no emphasis inside 10*9/L").isEqualTo(0L);
    assertThat(out.get("strong")).isEqualTo(1L);
    assertThat(out.get("links")).isEqualTo(List.of("https://example.org/x"));
    assertThat((String) out.get("text")).contains("<img src=x", "<b>code</b>", "evil");
    assertThat(out.get("pwned")).isEqualTo(false);
  }

  /** No uncaught script error and no Content-Security-Policy violation in the console. */
  private void assertNoScriptErrors() {
    List<String> severe =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            // The page reports unavailable feedback itself; the browser also logs the 404.
            .filter(m -> !m.contains("/feedback "))
            .toList();
    assertThat(severe).as("browser console errors").isEmpty();
  }

  /** The draft list's resource ids, read in one script call (the list is re-rendered often). */
  private List<String> drafts() {
    @SuppressWarnings("unchecked")
    List<String> ids =
        (List<String>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return Array.prototype.map.call("
                        + "document.querySelectorAll('#drafts li.draft'),"
                        + " function (e) { return e.getAttribute('data-resource-id'); });");
    return ids;
  }

  private WebElement card(String container, String rule) {
    return driver.findElement(
        By.cssSelector(container + " article.cds-card[data-rule='" + rule + "']"));
  }

  private WebElement waitForCard(String container, String rule) {
    return wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(container + " article.cds-card[data-rule='" + rule + "']")));
  }

  /** Saves a screenshot with {@code focus} scrolled into the middle of the window. */
  private void screenshot(String name, WebElement focus) throws IOException {
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", focus);
    screenshot(name);
  }

  private void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
