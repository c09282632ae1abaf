/**
 * The safety guard's refusal. It is thrown before anything reaches the network, so a case (or a bug in one)
 * that tries to write where the run has no business writing ends as a harness `error`, never as a request.
 */
export class SafetyRefusal extends Error {
  override readonly name = 'SafetyRefusal';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly why: string,
  ) {
    super(`safety guard refused ${method} ${path}: ${why} (nothing was sent)`);
  }
}
