package org.hemacds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hemacds.feedback.FeedbackHttp.accepted;
import static org.hemacds.feedback.FeedbackHttp.body;
import static org.hemacds.feedback.FeedbackHttp.overridden;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.hemacds.demo.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The analytics page in a real browser (Debian's headless Chromium): the table shows the numbers
 * posted, Chart.js (served from the jar) draws them, and the page breaks no rule of its Content
 * Security Policy. Skipped when Chromium and ChromeDriver are not installed ({@code .ci/run}
 * installs them). A screenshot is left in {@code target/analytics-page.png}.
 */
@FeedbackServerTest
class AnalyticsPageBrowserTest {

  @TempDir static Path profile;
  private static WebDriver driver;

  @LocalServerPort int port;
  @Autowired JdbcCardLog cardLog;

  @BeforeAll
  static void browser() {
    HeadlessChromium.assumeInstalled();
    driver = HeadlessChromium.start(profile, "1280,1400");
  }

  @AfterAll
  static void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void thePageShowsAndChartsTheNumbers() throws Exception {
    FeedbackHttp http = FeedbackHttp.onPort(port);
    JsonNode first = http.invokeR01().get(0);
    String second = http.invokeR01().get(0).path("uuid").asString();
    String third = http.invokeR01().get(0).path("uuid").asString();
    String fourth = http.invokeR01().get(0).path("uuid").asString();
    assertThat(cardLog.awaitEmpty(Duration.ofSeconds(10))).isTrue();
    FeedbackHttp.Reply reply =
        http.feedback(
            body(
                    accepted(
                        first.path("uuid").asString(),
                        first.path("suggestions").get(0).path("uuid").asString()),
                    overridden(
                        second,
                        "urn:hematology-cds:override-reason",
                        "hematologist-decision",
                        null),
                    overridden(third, null, "hematologist-decision", null),
                    overridden(fourth))
                .toString());
    assertThat(reply.status()).isEqualTo(200);

    driver.get("http://localhost:" + port + "/analytics");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.until(d -> d.findElement(By.id("results")).isDisplayed());

    // The sample shows R01 and R04 (no ECG in 30 days); the feedback went to the R01 cards.
    List<WebElement> rows = driver.findElements(By.cssSelector("#rules tbody tr"));
    assertThat(rows).extracting(r -> r.getAttribute("data-rule")).containsOnly("R01 v1", "R04 v1");
    WebElement row =
        rows.stream().filter(r -> "R01 v1".equals(r.getAttribute("data-rule"))).findFirst().get();
    assertThat(row.findElement(By.cssSelector(".shown")).getText()).isEqualTo("4");
    assertThat(row.findElement(By.cssSelector(".accepted")).getText()).isEqualTo("1");
    assertThat(row.findElement(By.cssSelector(".overridden")).getText()).isEqualTo("3");
    assertThat(row.findElement(By.cssSelector(".rate")).getText()).isEqualTo("75.0 %");
    assertThat(row.getText())
        .contains(
            "Decided by or with the treating hematologist/oncologist (hematologist-decision): 2");

    JavascriptExecutor js = (JavascriptExecutor) driver;
    assertThat(
            js.executeScript(
                "return Chart.getChart('chart-outcomes').data.datasets.map(d => d.data[0]);"))
        .isEqualTo(List.of(4L, 1L, 3L));
    assertThat(js.executeScript("return Chart.getChart('chart-trend').data.datasets[0].data;"))
        .isEqualTo(List.of(75L));
    assertThat(js.executeScript("return Chart.getChart('chart-reasons').data.datasets[0].data;"))
        .isEqualTo(List.of(2L));
    assertThat(
            (Boolean)
                js.executeScript(
                    "const c = document.getElementById('chart-outcomes');"
                        + " const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " return c.width > 0 && px.some(v => v !== 0);"))
        .as("the chart canvas has something drawn on it")
        .isTrue();

    // The filter form: another service has no cards; back to order-select.
    new Select(driver.findElement(By.id("service"))).selectByValue("hematology-patient-view");
    driver.findElement(By.cssSelector("#filters button")).click();
    wait.until(d -> d.findElement(By.id("status")).getText().startsWith("No cards"));
    new Select(driver.findElement(By.id("service"))).selectByValue("hematology-order-select");
    driver.findElement(By.cssSelector("#filters button")).click();
    wait.until(d -> d.findElements(By.cssSelector("#rules tbody tr")).size() == 2);
    assertThat(driver.getCurrentUrl()).contains("service=hematology-order-select");

    File screenshot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        screenshot.toPath(),
        Path.of("target", "analytics-page.png"),
        StandardCopyOption.REPLACE_EXISTING);

    List<LogEntry> problems =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .toList();
    assertThat(problems).as("browser console errors (CSP, scripts)").isEmpty();
  }
}
