package org.gotham.keycloak.legacy.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects what the provider logs (jboss-logging runs on java.util.logging in the tests). */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.gotham.keycloak.legacy");
    private final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    public CapturedLog() {
        previousLevel = logger.getLevel();
        previousUseParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false); // captured, not printed
        logger.addHandler(handler);
    }

    public List<String> warnings() {
        return messages(Level.WARNING);
    }

    /** Every message at any level, with any attached exception's text, as one string. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        synchronized (records) {
            for (LogRecord record : records) {
                all.append(formatter.formatMessage(record)).append('\n');
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    all.append(t).append('\n');
                }
            }
        }
        return all.toString();
    }

    public boolean anyStackTrace() {
        synchronized (records) {
            return records.stream().anyMatch(record -> record.getThrown() != null);
        }
    }

    private List<String> messages(Level atLeast) {
        List<String> messages = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (record.getLevel().intValue() >= atLeast.intValue()) {
                    messages.add(formatter.formatMessage(record));
                }
            }
        }
        return messages;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }
}
