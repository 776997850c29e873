export * from './errors.js';
export * from './roles.js';
export * from './auth.js';
export * from './common.js';
export * from './org.js';
export type * from './events.js';
export * from './meeting.js';
