/** The name of the honeypot input: a name form-filling bots eagerly fill and that no real form of ours uses. */
export const HONEYPOT_FIELD = 'website';
