import type { Figure } from './stats.ts';

export type Verdict = 'met' | 'MISSED' | 'info' | 'n/a' | 'error';

/** A goal on the median of the ratio (or, for absolute goals such as memory, on the median of ours). */
export interface Goal {
  on: 'ratio' | 'ours';
  op: '>=' | '<=';
  value: number;
  /** Unit shown after the value of an absolute goal. */
  unit?: string;
}

/** One line of the table. */
export interface Row {
  id: string;
  title: string;
  unit: string;
  ours: Figure | null;
  baseline: Figure | null;
  baselineLabel: string;
  ratio: Figure | null;
  /** How the ratio is formed, e.g. `limit/ours` (higher is better) or `ours/base` (latency: lower is better). */
  ratioLabel: string;
  goal: Goal | null;
  verdict: Verdict;
  note?: string;
}

export function judge(row: Omit<Row, 'verdict'> & { verdict?: Verdict }): Row {
  if (row.verdict) return row as Row;
  if (!row.goal) return { ...row, verdict: 'info' };
  const subject = row.goal.on === 'ratio' ? row.ratio : row.ours;
  if (!subject || !Number.isFinite(subject.median)) return { ...row, verdict: 'error' };
  const ok = row.goal.op === '>=' ? subject.median >= row.goal.value : subject.median <= row.goal.value;
  return { ...row, verdict: ok ? 'met' : 'MISSED' };
}

/** A row for an item that could not be measured (with the reason). */
export function unavailable(id: string, title: string, reason: string, verdict: Verdict = 'n/a', goal: Goal | null = null): Row {
  return { id, title, unit: '', ours: null, baseline: null, baselineLabel: '', ratio: null, ratioLabel: '', goal, verdict, note: reason };
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 10_000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export function fmtFigure(f: Figure | null): string {
  if (!f) return '—';
  if (f.n <= 1 || f.min === f.max) return fmt(f.median);
  return `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})`;
}

export function fmtGoal(g: Goal | null): string {
  if (!g) return '';
  const op = g.op === '>=' ? '≥' : '≤';
  return g.on === 'ratio' ? `ratio ${op} ${g.value}` : `${op} ${g.value}${g.unit ? ` ${g.unit}` : ''}`;
}

const VERDICT_TEXT: Record<Verdict, string> = { met: 'met', MISSED: '✗ MISSED', info: '(info)', 'n/a': 'n/a', error: '✗ ERROR' };

export function renderTable(rows: readonly Row[]): string {
  const header = ['#', 'measure', 'ours: median (min–max)', 'baseline: median', 'ratio: median (min–max)', 'goal', 'result'];
  const body = rows.map((r) => [
    r.id,
    r.unit ? `${r.title}, ${r.unit}` : r.title,
    fmtFigure(r.ours),
    r.baseline ? `${r.baselineLabel} ${fmtFigure(r.baseline)}` : r.baselineLabel || '—',
    r.ratio ? `${r.ratioLabel} ${fmtFigure(r.ratio)}` : '—',
    fmtGoal(r.goal),
    VERDICT_TEXT[r.verdict],
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const [i, b] of body.entries()) {
    out.push(line(b));
    const note = rows[i]!.note;
    if (note) out.push(`${' '.repeat(widths[0]! + 2)}↳ ${note}`);
  }
  return out.join('\n');
}
