/** French: the same keys as `en.ts`, with the same shapes (docs/decisions.md "Words in one catalogue"). */
import type * as En from './en.ts';

export const states: typeof En.states = {
  requested: {
    label: 'Nouveau',
    shopper: 'Votre demande a été envoyée ; personne ne l’a encore examinée.',
    staff: 'Nouvelle demande du client ; personne ne l’a encore examinée.'
  },
  in_progress: {
    label: 'En cours de traitement',
    shopper: 'Un membre de l’équipe de la boutique s’occupe de votre retour.',
    staff: 'Un membre de l’équipe traite ce retour.'
  },
  approved: {
    label: 'Retour approuvé',
    shopper: 'La boutique accepte votre retour : vous pouvez lui renvoyer les articles.',
    staff: 'Accepté : le client doit renvoyer les articles.'
  },
  received: {
    label: 'Articles reçus',
    shopper: 'Le colis est arrivé à la boutique.',
    staff: 'Le colis est arrivé : décidez ce qui retourne en stock.'
  },
  items_needed: {
    label: 'Remplacement en cours d’envoi',
    shopper: 'Votre article de remplacement ou d’échange est en route.',
    staff: 'L’article de remplacement ou d’échange est à envoyer au client.'
  },
  credited: {
    label: 'Articles crédités',
    shopper: 'Votre retour est réglé : remboursement, avoir ou remplacement.',
    staff: 'Réglé : remboursement, avoir ou remplacement.'
  },
  rejected: {
    label: 'Demande refusée',
    shopper: 'La demande ne remplit pas les conditions de retour de la boutique.',
    staff: 'Refusé : la demande ne remplit pas les conditions de retour de la boutique.'
  },
  cancelled: {
    label: 'Annulé',
    shopper: 'Ce retour a été annulé.',
    staff: 'N’est plus valable : annulé par le client ou la boutique.'
  }
};

export const punctuation: typeof En.punctuation = { labelSeparator: ' : ', listSeparator: ' ; ' };

export const settlement: typeof En.settlement = {
  method: {
    refund: 'remboursement sur votre moyen de paiement d’origine',
    store_credit: 'avoir en boutique',
    replacement: 'remplacement',
    kept: 'conservé par vous, rien n’est crédité'
  },
  unknownAmount: 'inconnu',
  shipping: 'Frais de livraison'
};

export const templates: typeof En.templates = {
  item: { reason: 'motif', action: 'demande' },
  sample: {
    comment: 'Une taille L serait parfaite.',
    message: 'Merci d’emballer les articles dans leur boîte d’origine si vous l’avez encore.'
  }
};

export const outbox: typeof En.outbox = {
  signInLink: {
    subject: 'Votre lien de connexion',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour vous connecter à votre espace retours. Il fonctionne une seule fois, pendant 15 minutes :',
      '[[sign_in_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
    ].join('\n')
  },
  orderLookup: {
    subject: 'Votre lien vers la commande [[order_number]]',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour ouvrir votre commande [[order_number]] et ses retours. Il fonctionne une seule fois, pendant 15 minutes :',
      '[[order_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
    ].join('\n')
  },
  verifyEmail: {
    subject: 'Créez votre compte retours',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour choisir le mot de passe de votre compte retours (vos commandes passées avec cette adresse y sont). Il fonctionne une seule fois, pendant 15 minutes :',
      '[[account_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail.'
    ].join('\n')
  },
  resetPassword: {
    subject: 'Choisissez un nouveau mot de passe',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Utilisez ce lien pour choisir un nouveau mot de passe pour votre compte retours ; vos autres sessions seront fermées. Il fonctionne une seule fois, pendant 15 minutes :',
      '[[account_url]]',
      '',
      'Si vous ne l’avez pas demandé, ignorez cet e-mail : votre mot de passe ne change pas.'
    ].join('\n')
  },
  claimReceived: {
    subject: 'Nous avons reçu votre signalement [[return_number]]',
    body: [
      'Bonjour [[first_name]],',
      '',
      'Nous avons reçu votre signalement [[return_number]] concernant la commande [[order_number]] :',
      '[[items]]',
      '',
      'Vous n’avez rien à renvoyer. Nous l’examinons et vous écrivons ce que nous décidons pour chaque article : renvoyé, remboursé, ou pourquoi pas.',
      '',
      'Suivez-le ici : [[return_url]]'
    ].join('\n')
  },
  shopNewRequest: {
    subject: (ret) => `Nouvelle demande de retour ${ret}`,
    intro: (ret, order, customer) => `Nouvelle demande de retour ${ret} pour la commande ${order} de ${customer} :`,
    reason: 'motif',
    action: 'demande',
    comment: 'Commentaire du client',
    process: 'La traiter'
  }
};

export const defaults: typeof En.defaults = {
  emails: {
    any: {
      subject: 'Votre retour [[return_number]] : [[state]]',
      body: 'Bonjour [[firstname]],\n\nVotre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].\n\n[[message]]\n\nSuivez-le ici : [[return_url]]'
    },
    credited: {
      subject: 'Votre retour [[return_number]] : [[state]]',
      body: 'Bonjour [[firstname]],\n\nVotre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].\n\n[[credit_summary]]\n[[credit_lines]]\n\n[[message]]\n\nSuivez-le ici : [[return_url]]'
    },
    approved: {
      subject: 'Votre retour [[return_number]] : [[state]]',
      body: [
        'Bonjour [[firstname]],',
        '',
        'Votre retour [[return_number]] pour la commande [[order_number]] est maintenant : [[state]].',
        '',
        'Merci de renvoyer les articles à l’adresse suivante :',
        '[[return_address]]',
        '',
        '[[return_instructions]]',
        '',
        'Imprimez votre bon de retour et mettez-le dans le colis : [[slip_url]]',
        '',
        '[[message]]',
        '',
        'Suivez-le ici : [[return_url]]'
      ].join('\n')
    },
    requested: {
      subject: 'Nous avons bien reçu votre demande de retour [[return_number]]',
      body: [
        'Bonjour [[firstname]],',
        '',
        'Nous avons bien reçu votre demande de retour [[return_number]] pour la commande [[order_number]]. Vous avez demandé :',
        '[[items]]',
        '[[comment]]',
        '',
        '[[message]]',
        '',
        'La suite : nous examinons votre demande et vous écrivons dès qu’elle est acceptée, avec la marche à suivre pour renvoyer les articles. Vous pouvez l’annuler tant que personne ne l’a examinée.',
        '',
        'Suivez-la ici : [[return_url]]'
      ].join('\n')
    }
  },
  reasons: {
    defective: 'Produit défectueux',
    wrong_size: 'Mauvaise taille',
    wrong_item: 'Mauvais article reçu',
    not_as_described: 'Non conforme à la description',
    changed_mind: 'J’ai changé d’avis',
    other: 'Autre',
    withdrawal: 'Rétractation (sans motif)',
    item_missing: 'Article manquant dans le colis',
    arrived_damaged: 'Arrivé endommagé',
    wrong_item_received: 'Mauvais article dans le colis'
  },
  claimPhotoHints: {
    arrived_damaged: 'Une photo des dégâts, et une du colis si vous l’avez encore.',
    wrong_item_received: 'Une photo de l’article reçu, avec son étiquette.'
  },
  actions: {
    refund: 'Remboursement',
    replacement: 'Envoyer un remplacement',
    exchange_size: 'Échanger contre une autre taille',
    store_credit: 'Avoir en boutique',
    withdrawal_refund: 'Rétractation — remboursement',
    claim: 'À décider par la boutique'
  }
};

export const withdrawals: typeof En.withdrawals = {
  acknowledgement: {
    subject: (ref) => `Nous avons reçu votre rétractation (${ref})`,
    hello: 'Bonjour,',
    intro:
      'Nous avons reçu une déclaration de rétractation donnant cette adresse e-mail. Cet e-mail en accuse réception : ce n’est pas encore une décision sur la commande.',
    statement: 'La déclaration, telle qu’elle a été envoyée (entre guillemets : les mots saisis dans le formulaire, tels quels) :',
    // Ordinary spaces inside: the consumer's words are quoted as typed (words.test.ts names this one exception).
    quote: { open: '« ', close: ' »' },
    declaration: '«\u202fJe me rétracte du contrat portant sur la commande ci-dessous.\u202f»',
    name: 'Nom',
    email: 'E-mail',
    order: 'Numéro de commande',
    items: 'Articles',
    allItems: 'Tout ce qui a été livré sur cette commande',
    submitted: 'Envoyée le',
    reference: 'Référence',
    nextTitle: 'La suite',
    next: [
      'La boutique rapproche la déclaration de ses commandes. S’il lui faut autre chose, elle écrit à cette adresse.',
      'Renvoyez les articles dans les 14 jours suivant cette déclaration, comme l’expliquent les conditions de la boutique.',
      'La boutique vous rembourse dans les 14 jours suivant la réception de cette déclaration ; elle peut attendre d’avoir récupéré les articles ou la preuve de leur expédition.'
    ],
    link: 'Pour voir cette déclaration, ou l’annuler si vous ne l’avez pas envoyée ou avez changé d’avis (une fois, pendant 30 jours) :',
    trader: 'Le professionnel'
  },
  shopNotice: {
    subject: (ref) => `Rétractation ${ref}`,
    received: (ref, order, submitted) =>
      `Une déclaration de rétractation (${ref}) pour la commande numéro ${order} a été reçue le ${submitted}.`,
    deadline: (deadline) => `Les 14 jours pour rembourser ont commencé à courir : remboursez au plus tard le ${deadline}.`,
    matched: (ret) => `Elle correspond à la commande : le retour ${ret} a été créé.`,
    waiting: 'Elle attend dans «\u202fRétractations à rapprocher\u202f» : rattachez-la à sa commande ou clôturez-la avec une note.'
  },
  closing: {
    subject: (ref) => `Votre rétractation ${ref}`,
    body: (ref, submitted) => `Bonjour,\n\nAu sujet de la déclaration de rétractation ${ref} du ${submitted}, la boutique vous écrit :`
  },
  attached: {
    subject: (ref) => `Une rétractation a été rattachée à votre commande (${ref})`,
    lines: (ref, order, ret) => [
      'Bonjour,',
      '',
      `La boutique a reçu une déclaration de rétractation (${ref}) donnant une autre adresse e-mail, et l’a rattachée à votre commande ${order} : le retour ${ret} a été créé.`,
      'Si vous ne l’avez pas envoyée, ou si vous avez changé d’avis, vous pouvez la voir et l’annuler ici (une fois, pendant 30 jours) :'
    ]
  }
};

export const slip: typeof En.slip = {
  title: 'Bon de retour',
  numberLabel: 'Numéro de retour',
  order: (order: string) => `Commande ${order}`,
  sendBy: (date: string) => `Merci d’envoyer le colis au plus tard le ${date}.`,
  sendToTitle: 'Envoyez le colis à',
  noAddress: (email: string) => `La boutique vous indiquera où renvoyer les articles : contactez-la à l’adresse ${email}.`,
  itemsTitle: 'À mettre dans le colis',
  sku: 'Réf.',
  unitsTotal: (units: number) => (units === 1 ? '1 article en tout' : `${units} articles en tout`),
  instructionsTitle: 'Comment l’envoyer',
  steps: [
    'Mettez ce bon dans le colis avec les articles.',
    'Écrivez le numéro de retour à l’extérieur du colis.',
    'Gardez la preuve de dépôt jusqu’au règlement du retour.'
  ],
  qrLabel: 'La boutique scanne ce code à l’arrivée de votre colis.',
  fileName: (ret: string) => `bon-de-retour-${ret}`
};
