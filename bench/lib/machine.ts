import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  availableParallelism: number;
  cpu: string;
  node: string;
  platform: string;
  memoryGb: number;
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export function machine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    availableParallelism: availableParallelism(),
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function machineLine(m: Machine): string {
  const load = (l: number[] | undefined) => (l ? l.map((x) => x.toFixed(2)).join(' ') : '?');
  return `machine: ${m.cores} cores (${m.availableParallelism} usable), ${m.cpu}, Node ${m.node}, ${m.platform}, ${m.memoryGb} GB RAM; load average ${load(m.loadAtStart)} at start, ${load(m.loadAtEnd)} at end`;
}
