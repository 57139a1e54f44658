export { InboxView } from './InboxView';
export { AccountHealthBadge } from './AccountHealthBadge';
export { HealthDot, parseReason } from './healthWords';
export { useOpenAlertCount } from './inboxQueries';
