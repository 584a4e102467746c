/**
 * Alerts on datastore health: every transition as a {@link io.github.resilientdb.alert.DatastoreHealthChangedEvent}
 * and, when configured, a webhook.
 */
@NullMarked
package io.github.resilientdb.alert;

import org.jspecify.annotations.NullMarked;
