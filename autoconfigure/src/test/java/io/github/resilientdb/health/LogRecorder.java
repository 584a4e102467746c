package io.github.resilientdb.health;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of a test as Logback produced it, whatever the console pattern of the build (which keeps
 * stack traces off the console), so that a test can count what a production log would show: records per logger and
 * the stack-frame lines their exceptions would print.
 */
final class LogRecorder implements AutoCloseable {

	private static final String[] ROOTS = { Logger.ROOT_LOGGER_NAME, "io.github.resilientdb" };

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogRecorder() {
		this.appender.setName("log-recorder");
		this.appender.start();
		for (String name : ROOTS) {
			((Logger) LoggerFactory.getLogger(name)).addAppender(this.appender);
		}
	}

	/**
	 * Starts recording.
	 * @return the recorder, to be closed at the end of the test
	 */
	static LogRecorder start() {
		return new LogRecorder();
	}

	/**
	 * The events recorded so far, oldest first.
	 * @return a copy of the events
	 */
	List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return new ArrayList<>(this.appender.list);
		}
	}

	/**
	 * Stack-frame lines the event's exception, with its causes, prints in a full log.
	 * @param event the event
	 * @return the number of {@code at ...} lines
	 */
	static int stackFrames(ILoggingEvent event) {
		int frames = 0;
		for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
			frames += proxy.getStackTraceElementProxyArray().length - proxy.getCommonFrames();
		}
		return frames;
	}

	@Override
	public void close() {
		for (String name : ROOTS) {
			((Logger) LoggerFactory.getLogger(name)).detachAppender(this.appender);
		}
		this.appender.stop();
	}

}
