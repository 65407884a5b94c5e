package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * A private Keystone's files and first setup, as the lab's controller and the tests run one: its
 * configuration (SQLite database, Fernet and credential keys, an empty policy) under one directory,
 * then {@code keystone-manage}'s database sync, key setup and bootstrap of the {@code admin} user,
 * and the database put in write-ahead logging.
 */
final class KeystoneFiles {
    private KeystoneFiles() {}

    /** Writes {@code directory/keystone.conf} and what it names; returns the file. */
    static Path configure(Path directory, Path logFile) {
        Path conf = directory.resolve("keystone.conf");
        try {
            Files.createDirectories(directory.resolve("fernet-keys"));
            Files.createDirectories(directory.resolve("credential-keys"));
            Files.createDirectories(logFile.getParent());
            Files.writeString(directory.resolve("policy.yaml"), "");
            Files.writeString(
                    conf,
                    "[DEFAULT]\nlog_file = "
                            + logFile
                            + "\nuse_stderr = False\n[database]\nconnection = sqlite:///"
                            + database(directory)
                            + "\n[token]\nprovider = fernet\n[fernet_tokens]\nkey_repository = "
                            + directory.resolve("fernet-keys")
                            + "\n[fernet_receipts]\nkey_repository = "
                            + directory.resolve("fernet-keys")
                            + "\n[credential]\nkey_repository = "
                            + directory.resolve("credential-keys")
                            + "\n[oslo_policy]\npolicy_file = "
                            + directory.resolve("policy.yaml")
                            + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure keystone in " + directory, e);
        }
        return conf;
    }

    /** The SQLite file of the Keystone configured in {@code directory}. */
    static Path database(Path directory) {
        return directory.resolve("keystone.db");
    }

    /**
     * Creates the database, the keys and the {@code admin} user with {@code adminPassword}, its
     * identity endpoint {@code publicUrl} in RegionOne.
     */
    static void bootstrap(Path conf, Placement placement, String adminPassword, String publicUrl) {
        manage(conf, placement, "db_sync");
        manage(
                conf,
                placement,
                "fernet_setup",
                "--keystone-user",
                "root",
                "--keystone-group",
                "root");
        manage(
                conf,
                placement,
                "credential_setup",
                "--keystone-user",
                "root",
                "--keystone-group",
                "root");
        manage(
                conf,
                placement,
                "bootstrap",
                "--bootstrap-password",
                adminPassword,
                "--bootstrap-public-url",
                publicUrl,
                "--bootstrap-region-id",
                "RegionOne");
        // In SQLite's default journal, a reader that has not finished (the lab's second Keystone,
        // or a statement this one left open) blocks a writer's commit, which fails after five
        // seconds with "database is locked" and a 500. Write-ahead logging lets them go on
        // together.
        Command.of(
                        "/usr/bin/python3",
                        "-c",
                        "import sqlite3, sys; sqlite3.connect(sys.argv[1])"
                                + ".execute('PRAGMA journal_mode=WAL')",
                        database(conf.getParent()).toString())
                .in(placement)
                .run();
    }

    private static void manage(Path conf, Placement placement, String... args) {
        List<String> argv =
                new ArrayList<>(List.of("keystone-manage", "--config-file", conf.toString()));
        argv.addAll(List.of(args));
        Command.of(argv).in(placement).withTimeout(Duration.ofMinutes(5)).run();
    }
}
