package ipgraph.testserver;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Starts an in-process Neo4j 5.26 Community server (via neo4j-harness) for the ipgraph test suite.
 *
 * <p>Protocol: once the server accepts Bolt connections with authentication enabled, exactly one
 * line {@code READY bolt://127.0.0.1:PORT http://127.0.0.1:HTTPPORT} is written to stdout. Nothing
 * else is ever written to stdout (System.out is redirected to stderr). The server runs until stdin
 * reaches EOF (the parent closed the pipe or died) or the JVM receives SIGTERM/SIGINT.
 *
 * <p>Usage: {@code java -Xmx1g -cp CLASSPATH ipgraph.testserver.Main [WORK_DIR]}. Without
 * WORK_DIR a fresh temp directory is used and deleted on exit; with WORK_DIR the store is placed
 * in a random sub-directory of it, which is deleted on exit.
 *
 * <p>Environment: {@code IPGRAPH_TEST_NEO4J_PASSWORD} (default {@code ipgraph-test-password}) is
 * the password of user {@code neo4j}; no password change is required. {@code
 * IPGRAPH_TEST_NEO4J_BROWSER_GUIDE}, when set to the base URL of a guide server (e.g. {@code
 * http://localhost:7475}), configures Neo4j Browser as docker-compose.yml does: after connecting
 * it applies {@code style.grass} and opens {@code guide.html} from that server, whose host is
 * allowed for remote content.
 */
public final class Main {
    private static final String PASSWORD_ENV = "IPGRAPH_TEST_NEO4J_PASSWORD";
    private static final String DEFAULT_PASSWORD = "ipgraph-test-password";
    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 5;

    private static final Object LOCK = new Object();
    private static Neo4j server;
    private static Path ownedTempDir;
    private static boolean stopped;

    private static final String TX_MEMORY_ENV = "IPGRAPH_TEST_NEO4J_TX_MEMORY_MB";
    private static final String BROWSER_GUIDE_ENV = "IPGRAPH_TEST_NEO4J_BROWSER_GUIDE";

    private Main() {}

    /** Memory all transactions together may use, in MiB ({@code IPGRAPH_TEST_NEO4J_TX_MEMORY_MB}, default 512). */
    private static long transactionMemoryMiB() {
        String value = System.getenv().getOrDefault(TX_MEMORY_ENV, "").trim();
        return value.isEmpty() ? 512 : Long.parseLong(value);
    }

    /** Browser's post-connect commands and remote-content allowlist, as docker-compose.yml sets them. */
    private static Neo4jBuilder withBrowserGuide(Neo4jBuilder builder) {
        String guide = System.getenv().getOrDefault(BROWSER_GUIDE_ENV, "").trim();
        if (guide.isEmpty()) {
            return builder;
        }
        String host = java.net.URI.create(guide).getHost();
        return builder.withConfig(
                        ServerSettings.browser_post_connect_cmd,
                        "style " + guide + "/style.grass; guide " + guide + "/guide.html")
                .withConfig(
                        ServerSettings.browser_remote_content_hostname_whitelist,
                        "guides.neo4j.com," + host);
    }

    public static void main(String[] args) throws Exception {
        // Keep stdout clean for the READY line: everything that prints to System.out (library
        // banners, stray printlns) goes to stderr instead.
        PrintStream protocolOut =
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        String password = System.getenv().getOrDefault(PASSWORD_ENV, DEFAULT_PASSWORD);
        if (password.isEmpty()) {
            password = DEFAULT_PASSWORD;
        }

        Path workDir;
        if (args.length > 0) {
            workDir = Paths.get(args[0]).toAbsolutePath();
            Files.createDirectories(workDir);
        } else {
            workDir = Files.createTempDirectory("ipgraph-neo4j-");
            synchronized (LOCK) {
                ownedTempDir = workDir;
            }
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Main::stop, "ipgraph-neo4j-shutdown"));

        long t0 = System.nanoTime();
        Neo4j started = startWithFreePorts(workDir);
        synchronized (LOCK) {
            if (stopped) { // SIGTERM arrived while starting
                started.close();
                return;
            }
            server = started;
        }

        setPassword(started, password);

        int boltPort = started.boltURI().getPort();
        int httpPort = started.httpURI().getPort();
        System.err.printf(
                "ipgraph neo4j test server started in %d ms (store under %s)%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                workDir);
        protocolOut.println(
                "READY bolt://" + HOST + ":" + boltPort + " http://" + HOST + ":" + httpPort);
        protocolOut.flush();

        waitForStdinEof();
        stop();
        System.exit(0);
    }

    /**
     * Starts the harness. Ports are picked up front (rather than binding port 0) so that the
     * advertised Bolt address equals the real one and neo4j:// routing works; a lost race for the
     * port is retried with new ports.
     */
    private static Neo4j startWithFreePorts(Path workDir) throws IOException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int boltPort = freePort();
            int httpPort = freePort();
            while (httpPort == boltPort) {
                httpPort = freePort();
            }
            try {
                Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(workDir)
                        .withConfig(GraphDatabaseSettings.auth_enabled, true)
                        .withConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                        .withConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                        .withConfig(BoltConnector.enabled, true)
                        .withConfig(BoltConnector.listen_address, new SocketAddress(HOST, boltPort))
                        .withConfig(
                                BoltConnector.advertised_address, new SocketAddress(HOST, boltPort))
                        .withConfig(
                                BoltConnector.encryption_level,
                                BoltConnector.EncryptionLevel.DISABLED)
                        .withConfig(HttpConnector.enabled, true)
                        .withConfig(HttpConnector.listen_address, new SocketAddress(HOST, httpPort))
                        .withConfig(
                                HttpConnector.advertised_address, new SocketAddress(HOST, httpPort))
                        .withConfig(HttpsConnector.enabled, false)
                        .withConfig(GraphDatabaseSettings.udc_enabled, false)
                        .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                        .withConfig(
                                GraphDatabaseSettings.memory_transaction_global_max_size,
                                ByteUnit.mebiBytes(transactionMemoryMiB()))
                        .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                        .withConfig(
                                GraphDatabaseSettings.logical_log_rotation_threshold,
                                ByteUnit.mebiBytes(16))
                        .withConfig(
                                GraphDatabaseSettings.shutdown_transaction_end_timeout,
                                Duration.ofSeconds(2))
                        // Defaults make Bolt shutdown take >= 10 s (two 5 s Netty quiet periods)
                        // and wait up to 5 min for open connections; tests want a fast stop.
                        .withConfig(
                                GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                        .withConfig(
                                GraphDatabaseInternalSettings.netty_server_shutdown_timeout,
                                Duration.ofSeconds(2))
                        .withConfig(
                                BoltConnectorInternalSettings.thread_pool_shutdown_wait_time,
                                Duration.ofSeconds(2))
                        .withConfig(
                                BoltConnectorInternalSettings.connection_shutdown_wait_time,
                                Duration.ofSeconds(2));
                return withBrowserGuide(builder).build();
            } catch (RuntimeException e) {
                last = e;
                if (!isBindFailure(e) || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                System.err.println(
                        "ipgraph neo4j test server: port clash, retrying (" + e + ")");
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("Address already in use") || msg.contains("PortBindException")
                    || t.getClass().getSimpleName().contains("PortBind")) {
                return true;
            }
        }
        return false;
    }

    /** Sets the password of the built-in user and clears the "change required" flag. */
    private static void setPassword(Neo4j neo4j, String password) {
        neo4j.databaseManagementService()
                .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
    }

    private static void waitForStdinEof() {
        byte[] buffer = new byte[256];
        InputStream in = System.in;
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only EOF matters.
            }
        } catch (IOException e) {
            System.err.println("ipgraph neo4j test server: stdin failed (" + e + "), stopping");
        }
    }

    /** Idempotent shutdown used by the main thread (stdin EOF) and the shutdown hook (SIGTERM). */
    private static void stop() {
        Neo4j toClose;
        Path toDelete;
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            toClose = server;
            toDelete = ownedTempDir;
            server = null;
        }
        if (toClose != null) {
            System.err.println("ipgraph neo4j test server: shutting down");
            try {
                toClose.close(); // also deletes the harness's random store directory
            } catch (RuntimeException e) {
                System.err.println("ipgraph neo4j test server: error during shutdown: " + e);
            }
        }
        if (toDelete != null) {
            deleteRecursively(toDelete);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                        throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("ipgraph neo4j test server: could not delete " + root + ": " + e);
        }
    }
}
