package org.innosys.neo4jlocal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Throwaway Neo4j Community server for innosys development, tests and benchmarks.
 *
 * <p>Starts an embedded DBMS with only the Bolt connector (127.0.0.1), auth enabled for
 * user {@code neo4j}, small memory settings, and prints exactly one line
 * {@code NEO4J_READY bolt://127.0.0.1:PORT} to stdout once Bolt accepts connections.
 * Everything else (including any library output) goes to stderr or to the log files in
 * {@code DIR/logs}.
 *
 * <p>Stops cleanly on SIGTERM/SIGINT and, unless {@code --no-stdin-watch} is given, when
 * stdin reaches EOF (so a parent process holding the pipe takes the server with it).
 */
public final class Launcher {

    private static final String DEFAULT_PASSWORD = "innosys-test";
    private static final String HOST = "127.0.0.1";

    private static final Object LOCK = new Object();
    private static DatabaseManagementService service; // guarded by LOCK
    private static boolean stopped; // guarded by LOCK
    private static Path deleteOnExit; // store to delete after a clean shutdown, if requested

    private Launcher() {}

    public static void main(String[] args) {
        // Same system properties the Neo4j server start script sets (must precede Netty's init).
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        System.setProperty("log4j2.disable.jmx", "true");
        // The READY line is the only thing allowed on the real stdout.
        PrintStream realOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path dir = null;
        int port = 0;
        String password = envOr("NEO4J_LOCAL_PASSWORD", DEFAULT_PASSWORD);
        String pageCache = envOr("NEO4J_LOCAL_PAGECACHE", "256m");
        boolean watchStdin = true;
        Path pidFile = null;
        boolean deleteDir = false;
        Path importDir = null;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dir" -> dir = Path.of(need(args, ++i, a));
                case "--port" -> port = Integer.parseInt(need(args, ++i, a));
                case "--password" -> password = need(args, ++i, a);
                case "--pagecache" -> pageCache = need(args, ++i, a);
                case "--pid-file" -> pidFile = Path.of(need(args, ++i, a));
                case "--delete-dir-on-exit" -> deleteDir = true;
                case "--import-dir" -> importDir = Path.of(need(args, ++i, a));
                case "--no-stdin-watch" -> watchStdin = false;
                case "--stdin-watch" -> watchStdin = true;
                case "-h", "--help" -> {
                    System.err.println("usage: Launcher --dir STORE_DIR [--port P (0=free)] [--password PW]"
                            + " [--pagecache 256m] [--no-stdin-watch] [--pid-file F]"
                            + " [--delete-dir-on-exit] [--import-dir DIR (LOAD CSV file:/// root)]\n"
                            + "env: NEO4J_LOCAL_PASSWORD (default " + DEFAULT_PASSWORD + "), NEO4J_LOCAL_PAGECACHE");
                    System.exit(0);
                }
                default -> {
                    if (dir == null && !a.startsWith("-")) {
                        dir = Path.of(a);
                    } else {
                        die("unknown argument: " + a);
                    }
                }
            }
        }
        if (dir == null) {
            die("missing --dir STORE_DIR");
        }
        if (password.length() < 8) {
            die("password must have at least 8 characters (Neo4j default policy)");
        }

        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::shutdown, "neo4j-local-shutdown"));
        if (watchStdin) {
            Thread t = new Thread(Launcher::watchStdin, "neo4j-local-stdin-watch");
            t.setDaemon(true);
            t.start();
        }

        try {
            Files.createDirectories(dir);
            if (pidFile != null) {
                Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            }
            if (port <= 0) {
                port = freePort();
            }
            long t0 = System.nanoTime();
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dir.toAbsolutePath());
            if (importDir != null) {
                // LOAD CSV 'file:///x.csv' then reads IMPORT_DIR/x.csv (server.directories.import).
                Files.createDirectories(importDir);
                builder.setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir.toAbsolutePath());
            }
            DatabaseManagementService dbms = builder
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
                    .setConfig(GraphDatabaseSettings.tx_state_memory_allocation,
                            GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    // Default quiet period is 5 s per Netty event loop group (=> ~10 s to stop).
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                    .build();
            synchronized (LOCK) {
                service = dbms;
                if (stopped) { // a signal arrived while we were starting
                    dbms.shutdown();
                    return;
                }
            }

            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!system.isAvailable(120_000) || !neo4j.isAvailable(120_000)) {
                throw new IllegalStateException("databases did not become available");
            }
            // Fresh store: user neo4j has password 'neo4j' and must change it. Set ours and
            // clear the change-required flag so drivers can use it straight away.
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));

            waitForPort(port, 60_000);
            System.err.printf(Locale.ROOT, "neo4j-local: started in %.1f s (store %s, logs %s)%n",
                    (System.nanoTime() - t0) / 1e9, dir, dir.resolve("logs"));
            if (deleteDir) {
                deleteOnExit = dir.toAbsolutePath(); // only once started: failures keep logs
            }
            realOut.println("NEO4J_READY bolt://" + HOST + ":" + port);
            realOut.flush();

            new CountDownLatch(1).await(); // until a signal or stdin EOF calls System.exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            System.err.println("neo4j-local: startup failed: " + e);
            e.printStackTrace(System.err);
            shutdown();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void shutdown() {
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (service != null) {
                System.err.println("neo4j-local: shutting down");
                try {
                    service.shutdown();
                    System.err.println("neo4j-local: stopped");
                } catch (Throwable e) {
                    System.err.println("neo4j-local: shutdown error: " + e);
                }
            }
            if (deleteOnExit != null) {
                deleteTree(deleteOnExit);
            }
        }
    }

    private static void watchStdin() {
        byte[] buf = new byte[256];
        try {
            InputStream in = System.in;
            while (in.read(buf) != -1) {
                // ignore input; we only care about EOF
            }
        } catch (IOException ignored) {
            // treat as EOF
        }
        System.err.println("neo4j-local: stdin closed (parent gone?)");
        System.exit(0); // runs the shutdown hook
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt port " + port + " not reachable", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static long parseBytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        if (v.endsWith("k")) {
            mul = 1L << 10;
        } else if (v.endsWith("m")) {
            mul = 1L << 20;
        } else if (v.endsWith("g")) {
            mul = 1L << 30;
        }
        if (mul != 1) {
            v = v.substring(0, v.length() - 1);
        }
        return Long.parseLong(v) * mul;
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            die("missing value for " + flag);
        }
        return args[i];
    }

    private static void die(String msg) {
        System.err.println("neo4j-local: " + msg);
        System.exit(2);
    }
}
