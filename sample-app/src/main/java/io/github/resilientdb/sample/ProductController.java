package io.github.resilientdb.sample;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates and lists products, and counts their views when Redis is configured.
 */
@RestController
@RequestMapping("/products")
public class ProductController {

	private final ProductCatalog catalog;

	private final ObjectProvider<ProductViews> views;

	public ProductController(ProductCatalog catalog, ObjectProvider<ProductViews> views) {
		this.catalog = catalog;
		this.views = views;
	}

	@GetMapping
	public List<Product> list() {
		return this.catalog.listProducts();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	public Product create(@Valid @RequestBody NewProduct product) {
		return this.catalog.addProduct(product.name(), product.priceCents());
	}

	/**
	 * Records a view of a product.
	 * @param id the product identifier
	 * @return the number of views so far, or 404 when Redis is not configured
	 */
	@PostMapping("/{id}/views")
	public ResponseEntity<Map<String, Long>> recordView(@PathVariable String id) {
		ProductViews productViews = this.views.getIfAvailable();
		if (productViews == null) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok(Map.of("views", productViews.recordView(id)));
	}

}
