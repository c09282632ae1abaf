/**
 * The case scheduler. Cases are independent: each owns its state (its CaseContext, the resources it created
 * under names only it uses, its cleanup, its own seeded data), and the once-per-run probes they share are
 * promises every case awaits alike (MembershipVisibility). The cases that read the whole directory (a page of
 * every user or group) are not: other cases' creates and deletes would move their pages, so they run alone,
 * nothing else in flight, after the others.
 *
 * Up to `concurrency` cases at a time, but started gently, as TCP does: one at first, twice as many after
 * each case the target answered, back to one the moment a case gets no answer (the runner says so through
 * the Ramp). So a target that breaks, or was never up, meets one case at a time, as with `--concurrency 1`:
 * few creates in flight whose fate the sweep must then find out, and the health probe decides before more
 * start. With `--concurrency 1` cases start in plan order, as they always did.
 *
 * Results land at their plan index whatever finished first (the runner does that), so the report's order is
 * the catalogue's. The rate is not the scheduler's business: every request of the run goes through one pacer.
 */
import type { PlannedCase } from '../cases/catalogue.ts';

/** Fixtures that read a page of the whole directory (startIndex/count, no filter). */
const WHOLE_DIRECTORY_FIXTURES = new Set(['users/list-page', 'groups/list-page']);

/** Whether the case reads the whole directory, so other cases running beside it could change what it sees. */
export function readsWholeDirectory(planned: PlannedCase): boolean {
  return planned.testCase.fixtures.some((fixture) => WHOLE_DIRECTORY_FIXTURES.has(fixture));
}

/** Plan indexes: those started side by side, in plan order, then those run alone. */
export function startOrder(plan: readonly PlannedCase[], concurrency: number): { together: number[]; alone: number[] } {
  const indexes = plan.map((_, index) => index);
  if (concurrency <= 1) return { together: indexes, alone: [] };
  const alone = (index: number): boolean => readsWholeDirectory(plan[index] as PlannedCase);
  return { together: indexes.filter((index) => !alone(index)), alone: indexes.filter(alone) };
}

/** How many cases may be in flight now: doubles on each answered case, back to one on a fault. */
export class Ramp {
  private current = 1;
  constructor(private readonly ceiling: number) {}

  get allowed(): number {
    return Math.min(this.current, this.ceiling);
  }

  /** A case finished and the target answered it. */
  answered(): void {
    this.current = Math.min(this.ceiling, this.current * 2);
  }

  /** A case got no answer: one at a time until cases are answered again. */
  fault(): void {
    this.current = 1;
  }
}

/**
 * Runs the plan's cases (see the module header). `work` reports each case's fate to the ramp (answered or
 * fault); a case is started only when `mayStart` allows, which is how an interrupt or a vanished target
 * stops the run.
 */
export async function scheduleCases(
  plan: readonly PlannedCase[],
  concurrency: number,
  mayStart: () => boolean,
  work: (index: number, ramp: Ramp) => Promise<void>,
): Promise<void> {
  const ceiling = Math.max(1, Math.floor(concurrency));
  const ramp = new Ramp(ceiling);
  const { together, alone } = startOrder(plan, ceiling);
  const inFlight = new Set<Promise<void>>();
  for (const index of together) {
    while (inFlight.size >= ramp.allowed) await Promise.race(inFlight);
    if (!mayStart()) break;
    const running: Promise<void> = work(index, ramp).finally(() => inFlight.delete(running));
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  for (const index of alone) {
    if (!mayStart()) return;
    await work(index, ramp);
  }
}

/**
 * Runs `work(0)` … `work(total - 1)` on at most `concurrency` workers, in order of starting; a worker asks
 * `mayStart` before taking the next index. Also the load runner's pool.
 */
export async function runPool(
  total: number,
  concurrency: number,
  mayStart: () => boolean,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total && mayStart()) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(concurrency), total));
  await Promise.all(Array.from({ length: workers }, worker));
}
