package org.gotham.systemtest.support;

import java.io.IOException;
import java.nio.file.Path;
import org.gotham.testsupport.Requirements;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method its own {@link Browser} (a method parameter), closed after the test. The
 * class is skipped on a machine without Chromium and fails under CI. When a test fails, the page it
 * ended on is saved to {@code work.dir/screenshots/<class>.<method>.png|.html}.
 */
public final class BrowserExtension implements BeforeAllCallback, ParameterResolver, AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Requirements.require(Browser.available(), "Chromium (" + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + ")");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class
                && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent("browser", key -> new Resource(Browser.start()), Resource.class)
                .browser();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Resource resource = context.getStore(NAMESPACE).get("browser", Resource.class);
        if (resource == null || context.getExecutionException().isEmpty()) {
            return;
        }
        Path dir = Environment.pathProperty("work.dir").resolve("screenshots");
        String name = context.getRequiredTestClass().getSimpleName() + "."
                + context.getRequiredTestMethod().getName();
        try {
            resource.browser().saveEvidence(dir, name);
            System.err.println("the page " + name + " failed on is saved as " + dir.resolve(name) + ".png and .html");
        } catch (IOException | RuntimeException e) {
            context.getExecutionException().get().addSuppressed(e);
        }
    }

    private record Resource(Browser browser) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            browser.close();
        }
    }
}
