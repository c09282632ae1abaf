/**
 * How a check ends other than passing: thrown by cases and checks, told apart by the runner into fail,
 * skip and error. Kept here because safety/ and the runner throw and catch them too, not only cases.
 */

/** The server is non-conformant: its answer is not what Entra needs. The only source of `fail`. */
export class ConformanceFailure extends Error {
  constructor(
    reason: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
  ) {
    super(reason);
    this.name = 'ConformanceFailure';
  }
}

/**
 * The case cannot be judged here: a precondition failed (`rootCase` names the case that judges it), or the
 * target shows nothing the check could observe. Never a pass: the verdict counts it as not verified.
 */
export class CaseSkipped extends Error {
  constructor(
    reason: string,
    readonly rootCase?: string,
  ) {
    super(reason);
    this.name = 'CaseSkipped';
  }
}

/** The target answered something that is not SCIM at all (HTML, garbage), or the harness broke: `error`. */
export class TargetBroken extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetBroken';
  }
}
