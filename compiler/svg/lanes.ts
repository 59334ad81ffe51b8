/**
 * Labels along one axis (times under a timeline) put on as few lanes as they need: each goes on
 * the first lane where it meets no label already there, with `gap` pixels between neighbours.
 * Placed in the order given, so earlier labels keep the upper lanes.
 */
export interface Span {
  readonly left: number;
  readonly right: number;
}

/** The lane of each span, 0 first. */
export function assignLanes(spans: readonly Span[], gap: number): number[] {
  const lanes: Span[][] = [];
  return spans.map((s) => {
    let lane = lanes.findIndex((taken) => taken.every((t) => s.right + gap <= t.left || t.right + gap <= s.left));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]!.push(s);
    return lane;
  });
}
