package dev.hawkeye.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hawkeye.api.metric.MetricType;
import dev.hawkeye.api.metric.Point;
import dev.hawkeye.api.metric.Series;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven
 * by Selenium): a monitor turns FIRING on the list after a breach, its page draws its chart and
 * lists its history, the explorer charts a query, and the browser's log holds no JavaScript error.
 */
class ConsoleTest {
    private RunningHawkeye running;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        running = RunningHawkeye.start("", """
                notifiers: {console: {type: console}}
                monitors:
                  - name: checkout-errors
                    metric: http.errors
                    tags: {service: checkout}
                    aggregate: count
                    window: 1m
                    evaluate_every: 1s
                    triggers:
                      - {level: warning, when: "> 2", notify: [console]}
                      - {level: critical, when: "> 20", notify: [console]}
                  - name: disk-full
                    metric: disk.used
                    aggregate: max
                    window: 1m
                    group_by: [host]
                    triggers: [{level: critical, when: "> 90", notify: [console]}]
                """);
        browser = startBrowser();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        running.close();
    }

    @Test
    void aBreachTurnsTheMonitorFiringAndItsPageChartsIt() throws Exception {
        browser.get(running.uri("/").toString());
        WebElement row = await(() -> browser.findElements(By.cssSelector("tr[data-monitor='checkout-errors']")).stream().findFirst());
        assertThat(row.getAttribute("data-state")).isIn("UNKNOWN", "OK");

        for (int i = 0; i < 5; i++) {
            record("http.errors", Map.of("service", "checkout", "host", "web-" + i), 1);
        }
        record("disk.used", Map.of("host", "db-1"), 95);
        running.hawkeye().flush();

        await(() -> browser.findElements(By.cssSelector("tr[data-monitor='checkout-errors'][data-state='FIRING']")).stream().findFirst());
        WebElement instance = await(() -> browser.findElements(By.cssSelector("tr[data-monitor='disk-full{host=db-1}'][data-state='FIRING']"))
                .stream().findFirst());
        assertThat(browser.findElements(By.cssSelector("#monitors tbody tr")).get(0).getAttribute("data-state")).isEqualTo("FIRING");
        screenshot("console-monitors.png");

        instance.findElement(By.tagName("a")).click();
        await(() -> browser.findElements(By.cssSelector("#state[data-state='FIRING']")).stream().findFirst());
        WebElement chart = await(() -> browser.findElements(By.cssSelector("#chart[data-values]"))
                .stream().filter(each -> !"0".equals(each.getAttribute("data-values"))).findFirst());
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(chart.getText()).contains("critical > 90");
        await(() -> browser.findElements(By.cssSelector("#history tr[data-kind='NOTIFICATION']")).stream().findFirst());
        assertThat(browser.findElement(By.id("history")).getText()).contains("OK → FIRING critical", "via console");
        screenshot("console-monitor.png");

        browser.get(running.uri("/#/explore?metric=http.errors&aggregate=count&by=host&range=1h").toString());
        WebElement explored = await(() -> browser.findElements(By.cssSelector("#chart[data-values]"))
                .stream().filter(each -> !"0".equals(each.getAttribute("data-values"))).findFirst());
        assertThat(explored.getText()).contains("host=web-0", "host=web-4");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("the browser's errors").isEmpty();
    }

    private void record(String key, Map<String, String> tags, double value) {
        running.hawkeye().sink().record(new Point(Series.of(key, tags), key.startsWith("disk") ? MetricType.GAUGE : MetricType.COUNTER,
                value, Instant.now().toEpochMilli()));
    }

    private <T> T await(java.util.function.Supplier<Optional<T>> found) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> found.get().orElse(null));
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Headless Chromium through the chromedriver on the PATH: required under CI, skipped elsewhere without them. */
    static WebDriver startBrowser() {
        Optional<Path> driver = onPath("chromedriver");
        Optional<Path> chromium = onPath("chromium").or(() -> onPath("chromium-browser")).or(() -> onPath("google-chrome"));
        if (driver.isEmpty() || chromium.isEmpty()) {
            String missing = "headless Chromium needs chromium and chromedriver on the PATH (apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(missing);
            }
            assumeTrue(false, missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
