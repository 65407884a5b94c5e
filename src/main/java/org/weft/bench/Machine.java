package org.weft.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as far as figures depend on it: CPU model and cores, memory,
 * kernel, JDK, and how busy the machine already was when the run began.
 */
public record Machine(
        String cpuModel,
        int cores,
        long memoryBytes,
        String kernel,
        String jdk,
        String loadAverage) {

    /** This machine, now. */
    public static Machine describe() {
        return new Machine(
                readCpuModel(),
                Runtime.getRuntime().availableProcessors(),
                readMemoryBytes(),
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vendor")
                        + ")",
                readLoadAverage());
    }

    private static String readCpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch");
    }

    private static long readMemoryBytes() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String kib = line.substring("MemTotal:".length()).replace("kB", "").strip();
                return Long.parseLong(kib) * 1024;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The load average now (1, 5 and 15 minutes), as the kernel reports it. */
    public static String loadAverageNow() {
        return readLoadAverage();
    }

    /**
     * Whether the machine was busier than its cores at the start: more runnable processes than
     * cores, on average over the last minute, make every figure of a run lower.
     */
    public boolean wasBusy() {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]) > cores;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String readLoadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] fields = lines.get(0).split(" ");
        return String.join(" ", fields[0], fields[1], fields[2]);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** One line for the results file. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %.1f GiB memory, %s, %s; load average at start %s",
                cpuModel,
                cores,
                memoryBytes / (1024.0 * 1024 * 1024),
                kernel,
                jdk,
                loadAverage);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("cpu_model", cpuModel);
        json.put("cores", cores);
        json.put("memory_bytes", memoryBytes);
        json.put("kernel", kernel);
        json.put("jdk", jdk);
        json.put("load_average_at_start", loadAverage);
        return json;
    }
}
