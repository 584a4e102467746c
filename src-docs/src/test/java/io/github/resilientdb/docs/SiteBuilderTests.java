package io.github.resilientdb.docs;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.resilientdb.docs.SiteBuilder.BrokenLinksException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SiteBuilderTests {

	@TempDir
	Path source;

	@TempDir
	Path output;

	@Test
	void buildRendersPagesRewritesLinksAndCopiesAssets() throws Exception {
		write("index.md", "# Home\n\nSee [the guide](guide/start.md#first-steps) and ![chart](images/a.png).\n");
		write("guide/start.md", "# Start\n\n## First steps\n\nBack [home](../index.md).\n");
		write("images/a.png", "png");
		assertThat(SiteBuilder.build(this.source, this.output, getClass().getClassLoader()))
			.contains("index.html", "guide/start.html", "configuration-reference.html");
		assertThat(Files.readString(this.output.resolve("index.html"))).contains("href=\"guide/start.html#first-steps\"")
			.contains("<title>Home · resilient-db</title>");
		assertThat(Files.readString(this.output.resolve("guide/start.html"))).contains("href=\"../index.html\"")
			.contains("id=\"first-steps\"");
		assertThat(this.output.resolve("images/a.png")).hasContent("png");
	}

	@Test
	void buildFailsOnAMissingPage() throws Exception {
		write("index.md", "# Home\n\n[gone](missing.md)\n");
		assertThatExceptionOfType(BrokenLinksException.class)
			.isThrownBy(() -> SiteBuilder.build(this.source, this.output, getClass().getClassLoader()))
			.satisfies((ex) -> assertThat(ex.links()).containsExactly("index.md: missing.md (no such file in the site)"));
	}

	@Test
	void buildFailsOnAMissingHeading() throws Exception {
		write("index.md", "# Home\n\n[nowhere](other.md#nowhere) [here](#home)\n");
		write("other.md", "# Other\n");
		assertThatExceptionOfType(BrokenLinksException.class)
			.isThrownBy(() -> SiteBuilder.build(this.source, this.output, getClass().getClassLoader()))
			.satisfies((ex) -> assertThat(ex.links()).containsExactly("index.md: other.md#nowhere (no heading 'nowhere' in other.md)"));
	}

	@Test
	void buildFailsOnALinkOutOfTheSite() throws Exception {
		write("index.md", "# Home\n\n[readme](../README.md)\n");
		assertThatExceptionOfType(BrokenLinksException.class)
			.isThrownBy(() -> SiteBuilder.build(this.source, this.output, getClass().getClassLoader()));
	}

	@Test
	void buildIgnoresExternalLinks() throws Exception {
		write("index.md", "# Home\n\n[spring](https://spring.io) [mail](mailto:a@b.c) [reference](configuration-reference.md)\n");
		assertThat(SiteBuilder.build(this.source, this.output, getClass().getClassLoader())).contains("index.html");
	}

	private void write(String path, String text) throws Exception {
		Path file = this.source.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

}
