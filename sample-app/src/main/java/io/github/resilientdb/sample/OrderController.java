package io.github.resilientdb.sample;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates and lists orders.
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

	private final OrderRepository orders;

	public OrderController(OrderRepository orders) {
		this.orders = orders;
	}

	@GetMapping
	public List<Order> list() {
		return this.orders.findAll();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	public Order create(@Valid @RequestBody NewOrder order) {
		return this.orders.save(new Order(null, order.productId(), order.quantity()));
	}

}
