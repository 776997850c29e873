export type { SessionSummary } from '../../../contract/session.js';
