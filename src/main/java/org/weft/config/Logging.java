package org.weft.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging as the guide's operators expect it: one file per process under {@code log_dir} (or the
 * file {@code log_file} names), {@code debug} and {@code verbose} for the level, and the console
 * when no file is set or {@code use_stderr} asks for it too; {@code use_json} writes each line as a
 * JSON object for log collectors.
 */
public final class Logging {
    private static final String PATTERN =
            "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n";

    private Logging() {}

    /** Where a process's log goes, given its configuration and its default file name. */
    public static Path logFile(Config config, String processName) {
        String file = config.find(CommonOptions.LOG_FILE).orElse(processName + ".log");
        return config.find(CommonOptions.LOG_DIR)
                .map(dir -> Path.of(dir).resolve(file))
                .orElse(config.isSet(CommonOptions.LOG_FILE) ? Path.of(file) : null);
    }

    /** Configures logging for the process named {@code processName} (server, ovs-agent, …). */
    public static void configure(Config config, String processName) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        ch.qos.logback.classic.Logger weft = context.getLogger("org.weft");
        weft.setLevel(levelOf(config));

        boolean json = config.get(CommonOptions.USE_JSON);
        Path file = logFile(config, processName);
        if (file != null) {
            FileAppender<ILoggingEvent> appender = new FileAppender<>();
            appender.setFile(file.toString());
            appender.setAppend(true);
            attach(context, root, appender, "file", json);
        }
        if (file == null || config.get(CommonOptions.USE_STDERR)) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            attach(context, root, console, "console", json);
        }
    }

    private static Encoder<ILoggingEvent> patternEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /**
     * One JSON object per line: time, level, thread, logger, message with its arguments filled in,
     * the exception; without the formatted message's duplicate, the raw arguments or the context.
     */
    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    private static Level levelOf(Config config) {
        if (config.get(CommonOptions.DEBUG)) {
            return Level.DEBUG;
        }
        return config.get(CommonOptions.VERBOSE) ? Level.INFO : Level.WARN;
    }

    private static void attach(
            LoggerContext context,
            ch.qos.logback.classic.Logger root,
            OutputStreamAppender<ILoggingEvent> appender,
            String name,
            boolean json) {
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder(context) : patternEncoder(context);
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }
}
