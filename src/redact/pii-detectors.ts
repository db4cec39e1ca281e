import type { Detector } from './detector.ts';
import { isLuhnValid } from './luhn.ts';

/** Numbers that a key in front of them calls ids, not cards or phones (`trace_id=…`, `order #…`). */
const ID_CONTEXT =
  /(?:(?<![A-Za-z])(?:trace|span|request|req|order|build|run|job|pipeline|ticket|invoice|batch|serial|ref|reference|tracking|id|ts|timestamp|epoch|seq|offset|pid|port)(?:[_.-]?(?:id|ids|number|no|num))?["']?\s*[:=#]?|#)\s*["']?$/i;

function precededByIdKey(text: string, start: number): boolean {
  return ID_CONTEXT.test(text.slice(Math.max(0, start - 24), start));
}

function digitCount(value: string): number {
  return value.replace(/\D/g, '').length;
}

/** Issuer prefixes of Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay. */
const CARD_ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|35|6(?:011|5|4[4-9]|2))/;

function isCardNumber(value: string, text: string, start: number): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19 || !CARD_ISSUER.test(digits) || !isLuhnValid(digits)) return false;
  const separators = new Set(value.replace(/\d/g, ''));
  if (separators.size > 1) return false;
  if (separators.size === 1) {
    const groups = value.split(/[ -]/).map((g) => g.length);
    const grouped4 = groups.slice(0, -1).every((n) => n === 4) && (groups.at(-1) ?? 0) <= 4;
    const amex = groups.length === 3 && groups[0] === 4 && groups[1] === 6;
    if (!grouped4 && !amex) return false;
  }
  return !precededByIdKey(text, start);
}

/** Personal data: e-mail addresses, phone numbers, payment card numbers. */
export const PII_DETECTORS: readonly Detector[] = [
  {
    name: 'email-address',
    kind: 'email',
    label: 'EMAIL',
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/dg,
    // host logins (`ec2-user@ip-10-0-1-5.ec2.internal`) and git remotes are not mailboxes
    accept: (value, { text, start }) =>
      !/^git@/.test(value) && !/\.(?:internal|local|localdomain|lan|svc|intranet|corp|home\.arpa)$/i.test(value) && !/[:/]$/.test(text.slice(Math.max(0, start - 1), start)),
  },
  {
    name: 'card-number',
    kind: 'card',
    label: 'CARD',
    pattern: /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w.]|-\d)/dg,
    accept: (value, { text, start }) => isCardNumber(value, text, start),
  },
  {
    name: 'phone-international',
    kind: 'phone',
    label: 'PHONE',
    pattern: /(?<![\w+.:/-])\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\)|[ .-]?\d{1,4})(?:[ .-]?\d{2,4}){1,4}(?![\w.:]|-\d)/dg,
    accept: (value) => digitCount(value) >= 8 && digitCount(value) <= 15,
  },
  {
    name: 'phone-nanp',
    kind: 'phone',
    label: 'PHONE',
    pattern: /(?<![\w+.:/-])(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[-. ])[2-9]\d{2}[-. ]\d{4}(?![\w.:]|-\d)/dg,
    accept: (value, { text, start }) => !precededByIdKey(text, start),
  },
  {
    name: 'phone-national-trunk',
    kind: 'phone',
    label: 'PHONE',
    pattern: /(?<![\w+.:/-])0\d{1,4}(?:[ -]\d{2,6}){1,4}(?![\w.:]|-\d)|(?<![\w+.:/-])0[1-9]\d{8,9}(?![\w.:]|-\d)/dg,
    accept: (value, { text, start }) => {
      const n = digitCount(value);
      return n >= 10 && n <= 12 && new Set(value.replace(/\d/g, '')).size <= 1 && !precededByIdKey(text, start);
    },
  },
];
