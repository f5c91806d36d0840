package org.hemacds.hooks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stages of {@link HookPathBenchmark} timed by the thread's CPU time rather than the wall
 * clock, with bytes allocated per call. On a shared machine (other builds taking the cores) JMH's
 * wall-clock scores swing by 10x between runs; CPU time counts only the cycles this thread ran, so
 * before/after comparisons stay meaningful. Not a replacement for JMH on a quiet machine.
 *
 * <p>{@code java -cp <test classpath> org.hemacds.hooks.StageCpuTimes [seconds-per-stage]}
 */
public final class StageCpuTimes {

  private StageCpuTimes() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
    HookPathBenchmark b = new HookPathBenchmark();
    b.setUp();
    Map<String, Supplier<Object>> stages = new LinkedHashMap<>();
    stages.put("parseRequest", b::parseRequest);
    stages.put("readDrafts", b::readDrafts);
    stages.put("patientData", b::patientData);
    stages.put("patientViewData", b::patientViewData);
    stages.put("chart", b::chart);
    stages.put("engineOrderSelect", b::engineOrderSelect);
    stages.put("engineOrderSelectWithChart", b::engineOrderSelectWithChart);
    stages.put("enginePatientView", b::enginePatientView);
    stages.put("renderCards", b::renderCards);
    stages.put("writeResponse", b::writeResponse);
    stages.put("handle", b::handle);
    stages.put("wholeRequest", b::wholeRequest);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    System.out.printf(
        Locale.ROOT, "%-28s %12s %12s %14s%n", "stage", "cpu us/op", "wall us/op", "alloc B/op");
    Object sink = null;
    for (Map.Entry<String, Supplier<Object>> stage : stages.entrySet()) {
      Supplier<Object> op = stage.getValue();
      long budget = (long) (seconds * 1e9);
      // Warm up for as much CPU time as is measured.
      long warmStart = threads.getCurrentThreadCpuTime();
      while (threads.getCurrentThreadCpuTime() - warmStart < budget) {
        for (int i = 0; i < 10; i++) {
          sink = op.get();
        }
      }
      long ops = 0;
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      long alloc0 = threads.getThreadAllocatedBytes(self);
      long cpu = 0;
      while (cpu < budget) {
        for (int i = 0; i < 10; i++) {
          sink = op.get();
        }
        ops += 10;
        cpu = threads.getCurrentThreadCpuTime() - cpu0;
      }
      long wall = System.nanoTime() - wall0;
      long alloc = threads.getThreadAllocatedBytes(self) - alloc0;
      System.out.printf(
          Locale.ROOT,
          "%-28s %12.1f %12.1f %14d%n",
          stage.getKey(),
          cpu / 1e3 / ops,
          wall / 1e3 / ops,
          alloc / ops);
    }
    if (sink == null) {
      System.out.println();
    }
  }
}
