import type { Connection } from 'mongoose';
import { UserSchema } from '../auth/user.model.js';
import { LoginSessionSchema } from '../auth/loginSession.model.js';
import { SignInFailureSchema } from '../auth/signInFailure.model.js';
import { SchemeSchema, LevelSchema, UnitTypeSchema } from '../org/reference.model.js';
import { UnitSchema } from '../org/unit.model.js';
import { CouncilSchema } from '../org/council.model.js';
import { MeetingPointSchema } from '../org/meetingPoint.model.js';
import { MembershipSchema } from '../council/membership.model.js';
import { CouncilSessionSchema } from '../session/councilSession.model.js';
import { AgendaItemSchema } from '../agenda/agendaItem.model.js';
import { DocumentSchema } from '../document/document.model.js';
import { DocumentPagesSchema } from '../document/pageReads.model.js';
import { AuditEntrySchema } from '../audit/auditEntry.model.js';
import { SittingSchema } from '../sitting/sitting.model.js';
import { SittingVersionSchema } from '../sitting/sittingVersion.model.js';
import { QuestionSchema } from '../question/question.model.js';
import { NoteSchema } from '../notes/note.model.js';
import { CommentSchema } from '../comment/comment.model.js';
import { PollSchema, PollVotedSchema, NamedBallotSchema, SecretBallotSchema, SealedBallotSchema, SealedVoterSchema, PollClosureSchema, PollKeySchema, PollIssuedSchema } from '../poll/poll.model.js';
import { MinutesNumberSchema, MinutesRevisionSchema, MinutesSignatureSchema, SealedFileSchema, SigningKeySchema } from '../records/records.model.js';
import { ConveningSchema, DocumentOpenSchema, InvitationSchema } from '../convening/convening.model.js';
import { PasswordResetSchema, PasswordResetUseSchema, SetupMarkerSchema } from '../account/passwordReset.model.js';
import { SigningTicketSchema, SigningTicketUseSchema } from '../records/signing/agentTicket.model.js';
import { ResolutionNumberSchema, ResolutionRevisionSchema, ResolutionSignatureSchema } from '../records/resolutions/resolution.model.js';

/** Binds every model to one connection (tests hold several databases in one process). */
export function buildModels(conn: Connection) {
  return {
    User: conn.model('User', UserSchema, 'users'),
    LoginSession: conn.model('LoginSession', LoginSessionSchema, 'login_sessions'),
    SignInFailure: conn.model('SignInFailure', SignInFailureSchema, 'signin_failures'),
    Scheme: conn.model('Scheme', SchemeSchema, 'schemes'),
    Level: conn.model('Level', LevelSchema, 'levels'),
    UnitType: conn.model('UnitType', UnitTypeSchema, 'unit_types'),
    Unit: conn.model('Unit', UnitSchema, 'units'),
    Council: conn.model('Council', CouncilSchema, 'councils'),
    MeetingPoint: conn.model('MeetingPoint', MeetingPointSchema, 'meeting_points'),
    Membership: conn.model('Membership', MembershipSchema, 'memberships'),
    CouncilSession: conn.model('CouncilSession', CouncilSessionSchema, 'council_sessions'),
    AgendaItem: conn.model('AgendaItem', AgendaItemSchema, 'agenda_items'),
    Document: conn.model('Document', DocumentSchema, 'documents'),
    DocumentPages: conn.model('DocumentPages', DocumentPagesSchema, 'document_pages'),
    AuditEntry: conn.model('AuditEntry', AuditEntrySchema, 'audit_entries'),
    Sitting: conn.model('Sitting', SittingSchema, 'sittings'),
    SittingVersion: conn.model('SittingVersion', SittingVersionSchema, 'sitting_versions'),
    Question: conn.model('Question', QuestionSchema, 'questions'),
    Note: conn.model('Note', NoteSchema, 'notes'),
    Comment: conn.model('Comment', CommentSchema, 'comments'),
    Poll: conn.model('Poll', PollSchema, 'polls'),
    PollVoted: conn.model('PollVoted', PollVotedSchema, 'poll_voted'),
    NamedBallot: conn.model('NamedBallot', NamedBallotSchema, 'poll_named_ballots'),
    SecretBallot: conn.model('SecretBallot', SecretBallotSchema, 'poll_secret_ballots'),
    SealedBallot: conn.model('SealedBallot', SealedBallotSchema, 'poll_sealed_ballots'),
    SealedVoter: conn.model('SealedVoter', SealedVoterSchema, 'poll_voted_sealed'),
    PollClosure: conn.model('PollClosure', PollClosureSchema, 'poll_closures'),
    PollKey: conn.model('PollKey', PollKeySchema, 'poll_keys'),
    PollIssued: conn.model('PollIssued', PollIssuedSchema, 'poll_issued'),
    MinutesRevision: conn.model('MinutesRevision', MinutesRevisionSchema, 'minutes_revisions'),
    MinutesNumber: conn.model('MinutesNumber', MinutesNumberSchema, 'minutes_numbers'),
    MinutesSignature: conn.model('MinutesSignature', MinutesSignatureSchema, 'minutes_signatures'),
    ResolutionRevision: conn.model('ResolutionRevision', ResolutionRevisionSchema, 'resolution_revisions'),
    ResolutionNumber: conn.model('ResolutionNumber', ResolutionNumberSchema, 'resolution_numbers'),
    ResolutionSignature: conn.model('ResolutionSignature', ResolutionSignatureSchema, 'resolution_signatures'),
    SigningKey: conn.model('SigningKey', SigningKeySchema, 'signing_keys'),
    SigningTicket: conn.model('SigningTicket', SigningTicketSchema, 'signing_tickets'),
    SigningTicketUse: conn.model('SigningTicketUse', SigningTicketUseSchema, 'signing_ticket_uses'),
    SealedTally: conn.model('SealedTally', SealedFileSchema, 'sealed_tallies'),
    SealedPaper: conn.model('SealedPaper', SealedFileSchema, 'sealed_papers'),
    Convening: conn.model('Convening', ConveningSchema, 'convenings'),
    Invitation: conn.model('Invitation', InvitationSchema, 'invitations'),
    DocumentOpen: conn.model('DocumentOpen', DocumentOpenSchema, 'document_opens'),
    PasswordReset: conn.model('PasswordReset', PasswordResetSchema, 'password_resets'),
    PasswordResetUse: conn.model('PasswordResetUse', PasswordResetUseSchema, 'password_reset_uses'),
    SetupMarker: conn.model('SetupMarker', SetupMarkerSchema, 'setup_markers'),
  };
}

export type Models = ReturnType<typeof buildModels>;

/** Creates every declared index now, so uniqueness holds before the first request. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
