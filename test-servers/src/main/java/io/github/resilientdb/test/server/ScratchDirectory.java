package io.github.resilientdb.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * A fresh temporary directory that holds one private server's data and log, deleted with
 * everything in it on {@link #close()}.
 */
final class ScratchDirectory implements AutoCloseable {

	private final Path path;

	private ScratchDirectory(Path path) {
		this.path = path;
	}

	/** Creates a new empty directory under {@code java.io.tmpdir}, named after {@code prefix}. */
	static ScratchDirectory create(String prefix) {
		try {
			return new ScratchDirectory(Files.createTempDirectory(prefix).toAbsolutePath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory", ex);
		}
	}

	/**
	 * Hands the directory (not yet its content) to the given operating-system user and that
	 * user's primary group of the same name, as a server that refuses to run as root needs.
	 */
	void chownTo(String osUser) {
		try {
			UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
			PosixFileAttributeView view = Files.getFileAttributeView(this.path, PosixFileAttributeView.class);
			view.setOwner(users.lookupPrincipalByName(osUser));
			GroupPrincipal group = users.lookupPrincipalByGroupName(osUser);
			view.setGroup(group);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not hand " + this.path + " to " + osUser, ex);
		}
	}

	/** The directory itself. */
	Path path() {
		return this.path;
	}

	/** A path inside the directory. */
	Path resolve(String name) {
		return this.path.resolve(name);
	}

	/** Deletes the directory and everything in it; failures are ignored. */
	@Override
	public void close() {
		if (!Files.exists(this.path)) {
			return;
		}
		try {
			Files.walkFileTree(this.path, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			// Best effort: a leftover temporary directory is not worth failing a test for.
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
