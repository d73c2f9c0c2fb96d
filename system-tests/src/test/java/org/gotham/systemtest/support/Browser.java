package org.gotham.systemtest.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver, by path (Selenium Manager never
 * downloads anything), with a fresh profile: no cookies, no storage, so every test starts signed out.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Long enough for a cold Keycloak to render its first login page or the admin console on 2 CPUs. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final AtomicInteger STARTS = new AtomicInteger();
    /**
     * Debian's Chromium is newer than Selenium's DevTools bindings; we use none of them, so the
     * warning that no matching version is on the class path is noise. Held so the setting stays.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether Chromium and its driver are installed where Debian puts them. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static Browser start() {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        Path logs = Environment.pathProperty("work.dir").resolve("logs");
        try {
            Files.createDirectories(logs);
            Path profile = Files.createTempDirectory("system-test-chromium-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(new File(logs.toFile(), "chromedriver-" + STARTS.incrementAndGet() + ".log"))
                    .build();
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run",
                            "--disable-sync",
                            "--window-size=1400,1000",
                            "--user-data-dir=" + profile);
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Waits until {@code condition} gives something other than null or false, and returns it. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        // React re-renders replace elements under our feet, and overlays come and go: try again
        return new WebDriverWait(driver, WAIT)
                .withMessage(what)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementClickInterceptedException.class)
                .until(condition);
    }

    /** Waits for the element to be visible and returns it. */
    public WebElement visible(By locator) {
        return await(locator + " to be visible", ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits for the element to be visible and enabled, then clicks it. */
    public void click(By locator) {
        await("to click " + locator, driver -> {
            WebElement element =
                    ExpectedConditions.elementToBeClickable(locator).apply(driver);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Waits for the input field to be visible, then replaces its text with {@code keys}. */
    public void type(By locator, CharSequence... keys) {
        await("to type into " + locator, driver -> {
            WebElement field =
                    ExpectedConditions.visibilityOfElementLocated(locator).apply(driver);
            if (field == null) {
                return false;
            }
            field.clear();
            field.sendKeys(keys);
            return true;
        });
    }

    /** Whether an element is there and shown (absent or hidden both count as not). */
    public boolean shows(By locator) {
        return driver.findElements(locator).stream().anyMatch(WebElement::isDisplayed);
    }

    /** Saves a screenshot ({@code name.png}) and the page's HTML ({@code name.html}) into {@code dir}. */
    public void saveEvidence(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        Files.writeString(
                dir.resolve(name + ".html"),
                "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(),
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
