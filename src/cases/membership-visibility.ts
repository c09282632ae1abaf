/**
 * Whether the target shows group members at all, learnt once per run. Membership cases observe members by
 * reading the group back; a target may leave `members` out of a plain GET (returned "request"), so the
 * cases ask again with `attributes=members`, and only when even that shows nothing do they need to know
 * whether the target shows members anywhere. A target that does (some GET showed members, or a group
 * created with one member shows it) and now shows none has lost them: that is a failure. A target that
 * shows members nowhere cannot have membership verified: that is "not verified", never a pass.
 */
export interface VisibilityProbe {
  /** Creates a group holding one member and reads it back; true when the read shows a members list. */
  (): Promise<boolean>;
}

export class MembershipVisibility {
  private seen = false;
  private probed: Promise<boolean> | undefined;

  /** Some read of this run showed a members list. */
  noteSeen(): void {
    this.seen = true;
  }

  /** True once members were seen; otherwise runs the probe once per run (concurrent cases share it). */
  async visible(probe: VisibilityProbe): Promise<boolean> {
    if (this.seen) return true;
    this.probed ??= probe().catch(() => false);
    return (await this.probed) || this.seen;
  }
}
