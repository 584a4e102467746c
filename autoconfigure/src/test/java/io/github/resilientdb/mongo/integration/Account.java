package io.github.resilientdb.mongo.integration;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document of the {@code accounts} collection.
 */
@Document("accounts")
class Account {

	@Id
	private String id;

	private String email;

	Account(String email) {
		this.email = email;
	}

	String getId() {
		return this.id;
	}

	String getEmail() {
		return this.email;
	}

}
