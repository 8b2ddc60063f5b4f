package dev.hawkeye.http;

import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long the console's monitor list takes to show N monitors in headless Chromium: from the
 * navigation's start to the list drawn with data (the page's {@code monitors-drawn} mark), and the
 * browser's first contentful paint. Not a test: run its {@code main} with the test class path.
 *
 * <pre>java -cp hawkeye-http/target/test-classes:hawkeye-http/target/classes:$(cat cp.txt) dev.hawkeye.http.ConsoleBench 1000 10</pre>
 */
public final class ConsoleBench {
    private ConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        int monitors = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        StringBuilder yaml = new StringBuilder("notifiers: {console: {type: console}}\nmonitors:\n");
        for (int i = 0; i < monitors; i++) {
            yaml.append("  - {name: m").append(i).append(", metric: bench.m").append(i)
                    .append(", aggregate: count, window: 1m, evaluate_every: 10s, triggers: [{level: warning, when: \"> 5\", notify: [console]}]}\n");
        }
        try (RunningHawkeye running = RunningHawkeye.start("", yaml.toString())) {
            WebDriver browser = ConsoleTest.startBrowser();
            try {
                List<Double> drawn = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    browser.get("about:blank");
                    browser.get(running.uri("/?run=" + run).toString());
                    JavascriptExecutor page = (JavascriptExecutor) browser;
                    Object mark = new WebDriverWait(browser, java.time.Duration.ofSeconds(30)).until(driver -> page.executeScript(
                            "const m = performance.getEntriesByName('monitors-drawn'); return m.length ? m[0].startTime : null;"));
                    Object paint = page.executeScript(
                            "const p = performance.getEntriesByName('first-contentful-paint'); return p.length ? p[0].startTime : null;");
                    Object rows = page.executeScript("return document.querySelectorAll('#monitors tbody tr').length;");
                    System.out.printf("run %d: list of %s monitors drawn at %.1f ms, first contentful paint %s ms%n", run, rows,
                            ((Number) mark).doubleValue(), paint);
                    if (run > 0) {
                        drawn.add(((Number) mark).doubleValue());
                    }
                }
                drawn.sort(Double::compare);
                System.out.printf("median %.1f ms, max %.1f ms over %d runs after the first%n", drawn.get(drawn.size() / 2),
                        drawn.get(drawn.size() - 1), drawn.size());
            } finally {
                browser.quit();
            }
        }
    }
}
