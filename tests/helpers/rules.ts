/** A rule set for the rules tests and the dry run's benchmark (not a test file itself). */

/** The four rules of issue 19's "Done when", as an admin writes them (amounts in cents of the order's currency). */
export const DONE_WHEN = {
  enabled: true,
  blockList: [],
  rules: [
    {
      id: 'wrong-size',
      name: 'Wrong size under €100',
      when: { reasons: ['wrong_size'], unitPriceUnderCents: 10_000 },
      then: { approve: true }
    },
    { id: 'cheap', name: 'Keep under €10', when: { unitPriceUnderCents: 1_000 }, then: { keepItem: true } },
    { id: 'shoes', name: 'Shoes: 60 days', when: { skuPrefixes: ['SHOE-'] }, then: { windowDays: 60 } },
    {
      id: 'serial',
      name: 'Many returns',
      when: { customerReturnsOver: { count: 5, days: 90 } },
      then: { review: 'More than 5 returns in 90 days' }
    }
  ]
};
