// Where a benchmark ran, printed beside its figures so that runs on different machines (AMD
// and Intel, quiet or shared) can be read side by side: the CPU model, the cores, and the
// load average (1, 5 and 15 minutes) when the benchmark started and when it ended.
import { cpus, loadavg } from 'node:os';

const round2 = (x) => Math.round(x * 100) / 100;

/** The load average now, to pass to `machine()` when the figures are printed. */
export function loadNow() {
  return loadavg().map(round2);
}

const startedWith = loadNow();

/** The machine's description; `loadAtStart` defaults to the load when this module was first imported. */
export function machine(loadAtStart = startedWith) {
  const all = cpus();
  return { cpu: all[0]?.model?.trim() ?? '?', cores: all.length, loadAverage: { start: loadAtStart, end: loadNow() } };
}

/** One line for the log: "2 × AMD EPYC 7B13; load 0.52 0.61 0.70". */
export function machineLine() {
  const all = cpus();
  return `${all.length} × ${all[0]?.model?.trim() ?? '?'}; load average ${loadNow().join(' ')}`;
}
