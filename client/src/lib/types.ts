export type { SessionSummary } from '../../../contract/meeting.js';
