package io.github.resilientdb.sample;

import java.util.List;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The product catalog. Listing products falls back to the last list read when MongoDB fails or its circuit breaker
 * is open, so that the catalog stays readable through an outage.
 */
@Service
public class ProductCatalog {

	private static final Log logger = LogFactory.getLog(ProductCatalog.class);

	private final ProductRepository products;

	private volatile List<Product> lastKnownProducts = List.of();

	public ProductCatalog(ProductRepository products) {
		this.products = products;
	}

	/**
	 * Lists all products.
	 * @return the products, or the last list read if MongoDB cannot be reached
	 */
	@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT, fallbackMethod = "lastKnownProducts")
	public List<Product> listProducts() {
		List<Product> products = this.products.findAll();
		this.lastKnownProducts = products;
		return products;
	}

	/**
	 * Adds a product.
	 * @param name the product name
	 * @param priceCents the price, in cents
	 * @return the saved product
	 */
	public Product addProduct(String name, long priceCents) {
		return this.products.save(new Product(null, name, priceCents));
	}

	private List<Product> lastKnownProducts(DataAccessException failure) {
		// The starter logs one WARN per breaker and health change; a line per answered request would drown it.
		if (logger.isDebugEnabled()) {
			logger.debug("Listing products failed, answering with the last list read: " + failure.getMessage());
		}
		return this.lastKnownProducts;
	}

}
