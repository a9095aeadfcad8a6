/**
 * English: every word the server writes (emails, notices, the texts a shop starts with) and the state
 * names both sides show. One named export per area, so the SPA, which reads only `states` (through
 * shared/states.ts), ships nothing else. `fr.ts` must have every key of this file with the same shape:
 * `index.ts` checks it when compiling, `words.test.ts` when testing (docs/decisions.md "Words in one catalogue").
 */

/** Each state's name and its description for the shopper ("your request…") and for staff ("the customer…"). */
export const states = {
  requested: {
    label: 'New',
    shopper: 'Your request has been sent; nobody has looked at it yet.',
    staff: 'A new request from the customer; nobody has looked at it yet.'
  },
  in_progress: {
    label: 'In progress',
    shopper: 'A member of the shop’s team is handling this return.',
    staff: 'Someone on the team is handling this return.'
  },
  approved: {
    label: 'Return approved',
    shopper: 'The shop accepts the return: please send the items back.',
    staff: 'Accepted: the customer is asked to send the items back.'
  },
  received: {
    label: 'Items received',
    shopper: 'The parcel has arrived at the shop.',
    staff: 'The parcel has arrived: decide what goes back in stock.'
  },
  // The code stays `items_needed` (API, webhooks, stored rows); its name says a replacement is on its way.
  items_needed: {
    label: 'Replacement being sent',
    shopper: 'Your replacement or exchange is on its way to you.',
    staff: 'The replacement or exchange is to be sent to the customer.'
  },
  credited: {
    label: 'Items credited',
    shopper: 'The return is settled: refunded, credited or replaced.',
    staff: 'Settled: refunded, credited or replaced.'
  },
  rejected: {
    label: 'Request rejected',
    shopper: 'The request does not meet the shop’s return conditions.',
    staff: 'Refused: the request does not meet the shop’s return conditions.'
  },
  cancelled: {
    label: 'Cancelled',
    // Read by the shopper who may have cancelled it themselves: it says what happened, not that it is "no longer valid".
    shopper: 'This return has been cancelled.',
    staff: 'No longer valid: cancelled by the customer or the shop.'
  }
};

/** The punctuation a language puts between a label and its value, and between items of a list. */
export const punctuation = { labelSeparator: ': ', listSeparator: '; ' };

/** The credit in a state email: each method in the shopper's words, and what an amount not recorded reads as. */
export const settlement = {
  method: {
    refund: 'refund to your original payment method',
    store_credit: 'store credit',
    replacement: 'replacement',
    kept: 'kept by you, nothing credited'
  },
  unknownAmount: 'unknown',
  shipping: 'Shipping'
};

/** The `[[items]]` of a state email ("— reason: Too small — you asked for: Refund") and the staff preview's sample return. */
export const templates = {
  item: { reason: 'reason', action: 'you asked for' },
  sample: {
    comment: 'A size L would be perfect.',
    message: 'Please pack the items in their original box if you still have it.'
  }
};

/** The emails written straight into the outbox: one-time links to shoppers, and the shop's "new request". */
export const outbox = {
  signInLink: {
    subject: 'Your sign-in link',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to sign in to your returns portal. It works once, for 15 minutes:',
      '[[sign_in_url]]',
      '',
      'If you did not ask for it, you can ignore this email.'
    ].join('\n')
  },
  orderLookup: {
    subject: 'Your link to order [[order_number]]',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to open your order [[order_number]] and its returns. It works once, for 15 minutes:',
      '[[order_url]]',
      '',
      'If you did not ask for it, you can ignore this email.'
    ].join('\n')
  },
  verifyEmail: {
    subject: 'Create your returns account',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to choose a password for your returns account (your earlier orders with this address are in it). It works once, for 15 minutes:',
      '[[account_url]]',
      '',
      'If you did not ask for it, you can ignore this email.'
    ].join('\n')
  },
  resetPassword: {
    subject: 'Choose a new password',
    body: [
      'Hello [[first_name]],',
      '',
      'Use this link to choose a new password for your returns account; your other sessions will be signed out. It works once, for 15 minutes:',
      '[[account_url]]',
      '',
      'If you did not ask for it, you can ignore this email: your password stays as it is.'
    ].join('\n')
  },
  /** To the shopper who reported a problem with a delivery (a claim): nothing to send back. */
  claimReceived: {
    subject: 'We received your report [[return_number]]',
    body: [
      'Hello [[first_name]],',
      '',
      'We received your report [[return_number]] about order [[order_number]]:',
      '[[items]]',
      '',
      'You have nothing to send back. We look into it and email you what we decide for each item: sent again, refunded, or why not.',
      '',
      'Follow it here: [[return_url]]'
    ].join('\n')
  },
  /** To the shop's service address, in the shop's language (settings). */
  shopNewRequest: {
    subject: (ret: string) => `New return request ${ret}`,
    intro: (ret: string, order: string, customer: string) => `New return request ${ret} for order ${order} from ${customer}:`,
    reason: 'reason',
    action: 'action',
    comment: 'Customer comment',
    process: 'Process it'
  }
};

/** The texts a shop starts with: the state emails (the state name is a variable), reasons and actions. */
export const defaults = {
  emails: {
    /** Every state but those below. */
    any: {
      subject: 'Your return [[return_number]]: [[state]]',
      body: 'Hello [[firstname]],\n\nYour return [[return_number]] for order [[order_number]] is now: [[state]].\n\n[[message]]\n\nFollow it here: [[return_url]]'
    },
    /** The same, plus the credit in a sentence and per line. */
    credited: {
      subject: 'Your return [[return_number]]: [[state]]',
      body: 'Hello [[firstname]],\n\nYour return [[return_number]] for order [[order_number]] is now: [[state]].\n\n[[credit_summary]]\n[[credit_lines]]\n\n[[message]]\n\nFollow it here: [[return_url]]'
    },
    /** The same, plus where and how to send the items (settings, "Return address"). */
    approved: {
      subject: 'Your return [[return_number]]: [[state]]',
      body: [
        'Hello [[firstname]],',
        '',
        'Your return [[return_number]] for order [[order_number]] is now: [[state]].',
        '',
        'Please send the items back to:',
        '[[return_address]]',
        '',
        '[[return_instructions]]',
        '',
        'Print your return slip and put it in the parcel: [[slip_url]]',
        '',
        '[[message]]',
        '',
        'Follow it here: [[return_url]]'
      ].join('\n')
    },
    /** "Request received": what was asked for, and what happens next. */
    requested: {
      subject: 'We have received your return request [[return_number]]',
      body: [
        'Hello [[firstname]],',
        '',
        'We have received your return request [[return_number]] for order [[order_number]]. You asked for:',
        '[[items]]',
        '[[comment]]',
        '',
        '[[message]]',
        '',
        'What happens next: we check your request and email you when it is approved, with how to send the items back. You can cancel it as long as nobody has looked at it.',
        '',
        'Follow it here: [[return_url]]'
      ].join('\n')
    }
  },
  reasons: {
    defective: 'Defective product',
    wrong_size: 'Wrong size',
    wrong_item: 'Wrong item received',
    not_as_described: 'Not as described',
    changed_mind: 'Changed my mind',
    other: 'Other',
    /** Made by the withdrawal function; never offered in the return form. */
    withdrawal: 'Withdrawal (no reason needed)',
    /** A claim's reasons (docs/decisions.md "Claims"); never offered in the return form. */
    item_missing: 'Item missing from the parcel',
    arrived_damaged: 'Arrived damaged',
    wrong_item_received: 'Wrong item in the parcel'
  },
  /** What a claim's photos should show, for the reasons that require one. */
  claimPhotoHints: {
    arrived_damaged: 'A photo of the damage, and one of the parcel if you still have it.',
    wrong_item_received: 'A photo of the item you received, with its label.'
  },
  actions: {
    refund: 'Refund',
    replacement: 'Send a replacement',
    exchange_size: 'Exchange for another size',
    store_credit: 'Store credit',
    withdrawal_refund: 'Withdrawal — refund',
    /** A claim's lines: the shop decides (reship, refund or reject). */
    claim: 'To be decided by the shop'
  }
};

/** The withdrawal function's emails: the consumer's acknowledgement, the shop's notice, a closing note, an attached statement. */
export const withdrawals = {
  acknowledgement: {
    subject: (ref: string) => `We received your withdrawal (${ref})`,
    hello: 'Hello,',
    intro:
      'We received a withdrawal statement giving this email address. This email acknowledges its receipt: it is not yet a decision on the order.',
    statement: 'The statement, as submitted (between quotation marks: the words typed in the form, as they were typed):',
    /** The marks around the consumer's own words. */
    quote: { open: '“', close: '”' },
    declaration: '« I withdraw from my contract for the order below. »',
    name: 'Name',
    email: 'Email',
    order: 'Order number',
    items: 'Items',
    allItems: 'Everything delivered on this order',
    submitted: 'Submitted on',
    reference: 'Reference',
    nextTitle: 'What happens next',
    next: [
      'The shop checks the statement against its orders. If it needs anything more, it writes to this address.',
      'Send the items back within 14 days of this statement, as the shop’s terms explain.',
      'The shop refunds you within 14 days of receiving this statement; it may wait until it has the items back or proof that you sent them.'
    ],
    link: 'To see this statement, or to cancel it if you did not send it or changed your mind (once, for 30 days):',
    trader: 'The trader'
  },
  /** To the shop's contact address, in the shop's language (settings): its refund clock has started. */
  shopNotice: {
    subject: (ref: string) => `Withdrawal ${ref}`,
    received: (ref: string, order: string, submitted: string) =>
      `A withdrawal statement (${ref}) for order number ${order} was received on ${submitted}.`,
    deadline: (deadline: string) => `The 14 days to refund started then: refund by ${deadline} at the latest.`,
    matched: (ret: string) => `It matched the order: return ${ret} was made for it.`,
    waiting: 'It waits under "Withdrawals to match": attach it to its order or close it with a note.'
  },
  closing: {
    subject: (ref: string) => `Your withdrawal ${ref}`,
    body: (ref: string, submitted: string) => `Hello,\n\nAbout the withdrawal statement ${ref} of ${submitted}, the shop writes:`
  },
  attached: {
    subject: (ref: string) => `A withdrawal was attached to your order (${ref})`,
    lines: (ref: string, order: string, ret: string) => [
      'Hello,',
      '',
      `The shop received a withdrawal statement (${ref}) that gave another email address, and attached it to your order ${order}: return ${ret} was made for it.`,
      'If you did not send it, or changed your mind, you can see it and cancel it here (once, for 30 days):'
    ]
  }
};

/** The return slip (shared/slip.ts): the print page and the PDF say these. */
export const slip = {
  title: 'Return slip',
  numberLabel: 'Return number',
  order: (order: string) => `Order ${order}`,
  sendBy: (date: string) => `Please send the parcel by ${date}.`,
  sendToTitle: 'Send the parcel to',
  noAddress: (email: string) => `The shop will tell you where to send the items: contact ${email}.`,
  itemsTitle: 'Put in the parcel',
  sku: 'SKU',
  unitsTotal: (units: number) => (units === 1 ? '1 item in all' : `${units} items in all`),
  instructionsTitle: 'How to send it',
  steps: [
    'Put this slip in the parcel with the items.',
    'Write the return number on the outside of the parcel.',
    'Keep the proof of postage until the return is settled.'
  ],
  qrLabel: 'The shop scans this code when your parcel arrives.',
  /** The PDF's file name (without ".pdf"). */
  fileName: (ret: string) => `return-slip-${ret}`
};
