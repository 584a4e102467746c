package io.github.resilientdb.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Records every change made and refused through the {@code resilientdb} endpoint: one line on the
 * {@code io.github.resilientdb.audit} logger per change (who, which datastore, what, before, after), and an
 * {@link AuditApplicationEvent} of type {@value #CHANGE_EVENT} or {@value #REFUSED_EVENT} for Spring Boot's audit
 * events. Values are settings and states only, never credentials; every value is passed through {@link LogSafe}
 * first, so that nothing a caller sends can break the line or forge another.
 */
public final class ChangeAudit {

	/**
	 * Type of the audit event of a change made.
	 */
	public static final String CHANGE_EVENT = "RESILIENTDB_CHANGE";

	/**
	 * Type of the audit event of a change refused.
	 */
	public static final String REFUSED_EVENT = "RESILIENTDB_CHANGE_REFUSED";

	private static final Log logger = LogFactory.getLog("io.github.resilientdb.audit");

	private final @Nullable ApplicationEventPublisher publisher;

	/**
	 * Creates an audit.
	 * @param publisher publishes the audit events, or {@code null} to only log
	 */
	public ChangeAudit(@Nullable ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void changed(String principal, String datastore, String field, String before, String after) {
		String who = LogSafe.value(principal);
		String where = LogSafe.value(datastore);
		String what = LogSafe.value(field);
		String was = LogSafe.message(before);
		String is = LogSafe.message(after);
		logger.info("resilientdb change by " + who + ": datastore=" + where + " " + what + " " + was + " -> " + is);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("datastore", where);
		data.put("field", what);
		data.put("before", was);
		data.put("after", is);
		publish(who, CHANGE_EVENT, data);
	}

	void refused(String principal, String datastore, String reason) {
		String who = LogSafe.value(principal);
		String where = LogSafe.value(datastore);
		String why = LogSafe.message(reason);
		logger.warn("resilientdb change by " + who + " refused: datastore=" + where + " " + why);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("datastore", where);
		data.put("reason", why);
		publish(who, REFUSED_EVENT, data);
	}

	private void publish(String principal, String type, Map<String, Object> data) {
		if (this.publisher != null) {
			this.publisher.publishEvent(new AuditApplicationEvent(principal, type, data));
		}
	}

}
