import type { Rng } from './rng.ts';

/** A Slack user of the generated workspace. */
export interface Person {
  id: string;
  handle: string;
  realName: string;
  title: string;
  isBot: boolean;
}

const FirstNames = [
  'alice', 'bob', 'carla', 'deepak', 'elena', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kemi', 'lucas', 'maya',
  'nikolai', 'olga', 'priya', 'quentin', 'rosa', 'sven', 'tariq', 'uma', 'viktor', 'wen', 'ximena', 'yusuf', 'zoe',
  'amara', 'bruno', 'chen', 'dana', 'emeka', 'fatima', 'gustavo', 'hana', 'ivan', 'julia', 'kofi', 'lena', 'marco',
];
const LastNames = [
  'okafor', 'schmidt', 'tanaka', 'garcia', 'novak', 'haddad', 'kowalski', 'mensah', 'rossi', 'lindqvist', 'patel',
  'nguyen', 'dubois', 'moreau', 'ivanova', 'santos', 'fischer', 'kim', 'oconnor', 'alvarez', 'sato', 'berg',
];
const Titles = [
  'SRE', 'Senior SRE', 'Staff Engineer', 'Backend Engineer', 'Platform Engineer', 'Engineering Manager',
  'Support Lead', 'Product Manager', 'Database Reliability Engineer', 'Security Engineer', 'VP Engineering',
];

/** Humans of the incident: the first is the incident commander. */
export function makePeople(rng: Rng, count: number): Person[] {
  const firsts = rng.sample(FirstNames, count);
  return firsts.map((first, i) => {
    const last = rng.pick(LastNames);
    return {
      id: `U0${rng.alnum(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`,
      handle: rng.chance(0.5) ? first : `${first}.${last}`,
      realName: `${cap(first)} ${cap(last)}`,
      title: i === 0 ? rng.pick(['SRE', 'Senior SRE', 'Engineering Manager', 'Staff Engineer']) : rng.pick(Titles),
      isBot: false,
    };
  });
}

/** Bot users (alerting, deploys, paging, incident tooling, and opsight itself). */
export function makeBots(rng: Rng): Record<'alerts' | 'deploys' | 'pager' | 'incident' | 'opsight', Person> {
  const bot = (handle: string, realName: string): Person => ({
    id: `U0${rng.alnum(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`, handle, realName, title: '', isBot: true,
  });
  return {
    alerts: bot('alertmanager', 'Alertmanager'),
    deploys: bot(rng.pick(['argocd', 'deploybot', 'spinnaker']), 'Deploy Bot'),
    pager: bot('pagerduty', 'PagerDuty'),
    incident: bot(rng.pick(['incident-bot', 'firehydrant', 'rootly']), 'Incident Bot'),
    opsight: bot('opsight', 'opsight'),
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
