/**
 * Runs planned cases on at most `concurrency` workers, in plan order of starting. Each case owns its state
 * (its CaseContext, the resources it created, its cleanup), so cases are independent; a worker only asks
 * `mayStart` before taking the next one, which is how an interrupt or a vanished target stops the run.
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
