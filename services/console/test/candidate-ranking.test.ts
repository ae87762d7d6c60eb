import { byFitThenLoad, withLoads } from '../web/src/orders/ranking';

const candidate = (id: string, name: string, score: number) => ({ target: { id, name }, score });

describe('member suggestions by fit, then load', () => {
  it('puts the best fit first whatever the load, and the less loaded first among equals', () => {
    const ranked = withLoads(
      [candidate('m1', '王建国', 3), candidate('m2', '李秀英', 7), candidate('m3', '张志强', 3), candidate('m4', '陈春生', 3), candidate('m5', '赵敏', 3)],
      [
        { memberId: 'm1', open: 4, overdue: 0 },
        { memberId: 'm2', open: 9, overdue: 3 },
        { memberId: 'm3', open: 1, overdue: 1 },
        { memberId: 'm4', open: 1, overdue: 0 },
      ],
    ).sort(byFitThenLoad);
    // m2 fits best; of the rest, fewer open orders first, then fewer overdue; m5's load is unknown: last among equals.
    expect(ranked.map((c) => c.target.id)).toEqual(['m2', 'm4', 'm3', 'm1', 'm5']);
    expect(ranked[0]).toMatchObject({ load: { open: 9, overdue: 3 } });
    expect(ranked[4]).not.toHaveProperty('load');
  });

  it('falls back to the name when fit and load are equal', () => {
    const ranked = withLoads([candidate('a', '张三', 1), candidate('b', '李四', 1)], [
      { memberId: 'a', open: 2, overdue: 0 },
      { memberId: 'b', open: 2, overdue: 0 },
    ]).sort(byFitThenLoad);
    expect(ranked.map((c) => c.target.name)).toEqual(['李四', '张三']);
  });
});
