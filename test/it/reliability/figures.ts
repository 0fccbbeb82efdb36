/**
 * Figures of the reliability suite: each test adds what it tried and what the injector did; a
 * root `after` hook (registered once, when this module is first imported by a test file) prints
 * them and writes them as JSON to $RELIABILITY_FIGURES or <tmpdir>/reliability-figures.json.
 * RELIABILITY.md carries the numbers of the last run.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultCounts, FaultInjector } from '../../support/fault-injector.js';
import { addCounts, emptyCounts, FAULT_KINDS } from '../../support/fault-injector.js';

export interface Figure {
  /** Seeds, scenarios or generated inputs tried. */
  cases: number;
  /** Items (or operations) whose outcome was checked against a table scan. */
  checked: number;
  /** Acknowledged items missing from the table. */
  lost: number;
  /** Items reported failed but present in the table (outcome unknown to the caller excluded). */
  failedButPresent: number;
  /** Items written more than once, or more items than acknowledged. */
  duplicates: number;
  /** ConflictErrors caused by the operation's own earlier attempt. */
  falseConflicts: number;
  /** Operations that failed (by design: the retry budget ran out) and surfaced as DATASTORE. */
  datastoreErrors: number;
  faults: FaultCounts;
  /** Anything else worth reporting, by name. */
  notes: Record<string, number>;
}

const figures = new Map<string, Figure>();

export function figure(section: string): Figure {
  let entry = figures.get(section);
  if (!entry) {
    entry = blank();
    figures.set(section, entry);
  }
  return entry;
}

/** Adds an injector's counts to `section`. */
export function recordFaults(section: string, injector: FaultInjector): void {
  addCounts(figure(section).faults, injector.counts);
}

export function note(section: string, name: string, n = 1): void {
  const entry = figure(section);
  entry.notes[name] = (entry.notes[name] ?? 0) + n;
}

export function allFigures(): Record<string, Figure> {
  return Object.fromEntries([...figures.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function blank(): Figure {
  return { cases: 0, checked: 0, lost: 0, failedButPresent: 0, duplicates: 0, falseConflicts: 0, datastoreErrors: 0, faults: emptyCounts(), notes: {} };
}

function totals(): Figure & { sections: number } {
  const total = { ...blank(), sections: 0 };
  for (const entry of figures.values()) {
    total.sections += 1;
    total.cases += entry.cases;
    total.checked += entry.checked;
    total.lost += entry.lost;
    total.failedButPresent += entry.failedButPresent;
    total.duplicates += entry.duplicates;
    total.falseConflicts += entry.falseConflicts;
    total.datastoreErrors += entry.datastoreErrors;
    addCounts(total.faults, entry.faults);
  }
  return total;
}

function render(): string {
  const lines = ['', 'Reliability figures (this run)'];
  for (const [section, f] of Object.entries(allFigures())) {
    const faults = FAULT_KINDS.filter((kind) => f.faults[kind] > 0)
      .map((kind) => `${kind} ${f.faults[kind]}`)
      .join(', ');
    const notes = Object.entries(f.notes)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    lines.push(
      `  ${section}: cases ${f.cases}, checked ${f.checked}, lost ${f.lost}, failed-but-present ${f.failedButPresent}, duplicates ${f.duplicates}, false conflicts ${f.falseConflicts}, DATASTORE ${f.datastoreErrors}` +
        (faults ? ` | faults: ${faults}` : '') +
        (notes ? ` | ${notes}` : ''),
    );
  }
  return lines.join('\n');
}

let registered = false;
if (!registered && typeof after === 'function') {
  registered = true;
  after(function () {
    if (figures.size === 0) return;
    const file = process.env['RELIABILITY_FIGURES'] ?? join(tmpdir(), 'reliability-figures.json');
    const sections = allFigures();
    const total = totals();
    writeFileSync(file, `${JSON.stringify({ total, sections }, null, 2)}\n`);
    if (process.env['RELIABILITY_QUIET'] === undefined) console.log(`${render()}\n  figures written to ${file}`);
  });
}
