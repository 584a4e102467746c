package io.github.resilientdb.actuate.autoconfigure;

import io.github.resilientdb.actuate.WriteAccess;
import io.github.resilientdb.actuate.WriteAccess.Writes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may make changes through the {@code resilientdb} endpoint, under {@code resilientdb.endpoint}.
 */
@ConfigurationProperties("resilientdb.endpoint")
public class ResilientDbEndpointProperties {

	/**
	 * Who may make changes (move breakers, resize pools, change retry policies): 'operator' (an authenticated
	 * caller with the operator role, which needs Spring Security), 'anyone' who reaches the endpoint, or 'none'.
	 */
	private Writes writes = Writes.OPERATOR;

	/**
	 * Role, with or without the ROLE_ prefix, a caller needs to make changes when writes is 'operator'.
	 */
	private String operatorRole = WriteAccess.DEFAULT_ROLE;

	public Writes getWrites() {
		return this.writes;
	}

	public void setWrites(Writes writes) {
		this.writes = writes;
	}

	public String getOperatorRole() {
		return this.operatorRole;
	}

	public void setOperatorRole(String operatorRole) {
		this.operatorRole = operatorRole;
	}

}
