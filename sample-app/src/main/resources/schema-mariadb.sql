-- The orders table on MariaDB (profile "mariadb"), which quotes names with back-ticks.
CREATE TABLE IF NOT EXISTS `orders` (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	product_id VARCHAR(64) NOT NULL,
	quantity INT NOT NULL
);
