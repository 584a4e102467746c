package io.github.resilientdb.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent checks of one datastore, oldest first, in a fixed-size ring.
 */
final class CheckHistory {

	private final DatastoreCheck[] ring;

	private int next;

	private int size;

	CheckHistory(int capacity) {
		this.ring = new DatastoreCheck[capacity];
	}

	synchronized void add(DatastoreCheck check) {
		this.ring[this.next] = check;
		this.next = (this.next + 1) % this.ring.length;
		this.size = Math.min(this.size + 1, this.ring.length);
	}

	synchronized List<DatastoreCheck> toList() {
		List<DatastoreCheck> checks = new ArrayList<>(this.size);
		int first = (this.next - this.size + this.ring.length) % this.ring.length;
		for (int i = 0; i < this.size; i++) {
			checks.add(this.ring[(first + i) % this.ring.length]);
		}
		return List.copyOf(checks);
	}

}
