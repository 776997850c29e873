import type { MessageKey } from './vi.js';
import { viewerEn } from './viewer.en.js';
import { accountEn } from './account.en.js';
import { conveningEn } from './convening.en.js';
import { adminEn } from './admin.en.js';
import { documentsEn } from './documents.en.js';
import { sittingEn } from './sitting.en.js';
import { prepareEn } from './prepare.en.js';
import { commentsEn } from './comments.en.js';
import { recordsEn } from './records.en.js';
import { resolutionsEn } from './resolutions.en.js';
import { pollEn } from './poll.en.js';
import { mediaEn } from './media.en.js';
import { remoteEn } from './remote.en.js';
import { resigninEn } from './resignin.en.js';
import { onlineEn } from './online.en.js';
import { portalEn } from './portal.en.js';
import { observerEn } from './observer.en.js';
import { recordingEn } from './recording.en.js';

/** English: every key of the Vietnamese dictionary, checked by the type. */
export const en: Record<MessageKey, string> = {
  ...sittingEn,
  ...accountEn,
  ...prepareEn,
  ...adminEn,
  ...commentsEn,
  ...recordsEn,
  ...resolutionsEn,
  ...pollEn,
  ...mediaEn,
  ...remoteEn,
  ...resigninEn,
  ...onlineEn,
  ...portalEn,
  ...observerEn,
  ...recordingEn,
  ...viewerEn,
  ...conveningEn,
  ...documentsEn,
  'app.name': 'HĐND số',
  'app.tagline': "Paperless meetings of the People's Council",
  'app.loading': 'Loading…',
  'app.retry': 'Try again',
  'app.mainNav': 'Main navigation',

  'lang.label': 'Language',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',

  'signin.title': 'Sign in',
  'signin.intro': 'Use the account issued by the council office.',
  'signin.login': 'E-mail or phone number',
  'signin.password': 'Password',
  'signin.showPassword': 'Show',
  'signin.hidePassword': 'Hide',
  'signin.showPasswordLabel': 'Show password',
  'signin.hidePasswordLabel': 'Hide password',
  'signin.submit': 'Sign in',
  'signin.pending': 'Signing in…',
  'signin.loginRequired': 'Please enter your e-mail or phone number.',
  'signin.passwordRequired': 'Please enter your password.',
  'signin.help': 'Forgot your password? Ask the council office to reset it.',

  'notice.signed_out': 'You have signed out.',
  'notice.signed_out_elsewhere': 'This sign-in was ended. Please sign in again.',
  'notice.account_disabled': 'An administrator disabled your account, so your sign-in ended. Please contact your unit\'s administrator.',
  'notice.idle_timeout': 'Your session expired after a period of inactivity. Please sign in again.',
  'notice.expired': 'Your session has expired. Please sign in again.',

  'error.validation_failed': 'Some of the information entered is not valid. Please check it.',
  'error.unauthenticated': 'Please sign in to continue.',
  'error.session_expired': 'Your session has expired. Please sign in again.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.not_found': 'The requested item was not found.',
  'error.conflict': 'This cannot be done in the current state.',
  'error.too_many_attempts': 'Too many failed sign-ins. Please try again in a few minutes.',
  'error.too_many_attempts_minutes': 'Too many failed sign-ins. Please try again in {minutes} minute(s).',
  'error.too_many_attempts_seconds': 'Too many failed sign-ins. Please try again in {seconds} seconds.',
  'error.invalid_credentials': 'Wrong e-mail/phone number or password.',
  'error.payload_too_large': 'The data sent is too large.',
  'error.not_ready': 'The system is not ready for this yet. Please try again in a few minutes; if it persists, tell the technical team.',
  'error.internal_error': 'Something went wrong on the server. Please try again; if it persists, tell the technical team.',
  'error.network_error': 'Cannot reach the server. Please check the network and try again.',

  'header.signOut': 'Sign out',
  'header.signingOut': 'Signing out…',
  'header.account': 'Account',

  'conn.label': 'Live connection',
  'conn.idle': 'Not connected',
  'conn.connecting': 'Connecting…',
  'conn.connected': 'Connected',
  'conn.reconnecting': 'Reconnecting…',
  'conn.lost': 'Connection lost',

  'home.title': 'Home',
  'home.greeting': 'Welcome, {name}',
  'home.intro': 'Your tasks, councils and sessions.',
  'home.shortcuts': 'My tasks',
  'home.councils': 'My councils',
  'home.sessions': 'My sessions',
  'home.noCouncils': 'This account is not a member of any council yet. Please contact an administrator.',
  'home.noSessions': 'No sessions have been published yet.',
  'home.unit': 'Unit',
  'home.role': 'Role',

  'session.when': 'When',
  'session.opensAt': 'opens at {time}',
  'session.venue': 'Venue',
  'session.agendaItems': 'Agenda items',
  'session.documents': 'Documents',
  'session.status.draft': 'Draft',
  'session.status.published': 'Published',
  'session.status.open': 'In session',
  'session.status.closed': 'Closed',
  'session.kind.regular': 'Regular session',
  'session.kind.thematic': 'Thematic session',
  'session.kind.extraordinary': 'Extraordinary session',

  'role.admin': 'Administrator',
  'role.secretariat': 'Secretariat',
  'role.chair': 'Chair',
  'role.delegate': 'Delegate',
  'role.meeting_point_operator': 'Meeting-point operator',
  'role.observer': 'Guest',

  'feature.chair': 'Run the sitting',
  'feature.chair.hint': 'Agenda, attendance, speakers and votes.',
  'feature.secretariat': 'Prepare a session',
  'feature.secretariat.hint': 'Agenda, documents and the list of delegates.',
  'feature.operator': 'Online meeting room',
  'feature.operator.hint': 'Connect the meeting point to the main hall.',
  'feature.delegate': 'Session documents',
  'feature.delegate.hint': 'Read documents, take notes, comment on drafts.',
  'feature.admin': 'System administration',
  'feature.admin.hint': 'Units, councils, accounts and permissions.',
  'feature.observer': 'Watch a sitting',
  'feature.observer.hint': 'Follow public sittings.',

  'soon.title': 'This feature is coming soon',
  'soon.body': '“{feature}” will be available in an upcoming version.',
  'soon.back': 'Back to home',
  'notFound.title': 'Page not found',
  'notFound.body': 'This address does not exist or has changed.',

  'poll.checkInToVote': 'Check in to vote',
  'poll.checkInToVote.hint': 'Only delegates who have checked in (in the hall or online) are issued a ballot. Check in here:',
  'poll.lateNotIssued': 'You checked in after this round opened. Under the council\'s rules you are not issued a ballot in this round.',
};
