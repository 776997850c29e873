import { z } from 'zod';
import type { ClientToServerEvents } from '../../contract/events.js';
import { Id } from '../../contract/common.js';
import { PresenterPage } from '../../contract/notes.js';
import { SittingJoin, SetStatus, SetClosedDoors, SetCurrentItem, CheckIn, RequestFloor, WithdrawFloor, ReorderQueue, GrantFloor, EndFloor } from '../../contract/sitting.js';
import { PollCreate, PollUpdate, PollOpen, PollReopen, PollRef, PollList, BallotInput } from '../../contract/poll.js';
import { MediaJoin, MediaTransportRef, MediaTransportConnect, MediaProduce, MediaConsume, MediaConsumerRef, MediaProducerRef, MediaLayers } from '../../contract/media.js';
import type { IdKind } from './actors.js';
import type { JsonSchema } from './payloads.js';
import type { Who } from './verdict.js';

/**
 * Every client-to-server socket event of the contract, with the zod schema its payload is
 * validated with and who may ever get `ok: true` from it. The type is a Record over
 * `keyof ClientToServerEvents`, so `npm test`'s type-check fails when the contract gains an
 * event this table does not cover; socket.test.ts also checks it against the events the
 * server really listens to.
 */
export interface EventSpec {
  /** The payload schema (null: the payload is ignored). */
  schema: z.ZodType | null;
  who: Who;
}

const MEMBERS = ['observer', 'delegate', 'meeting_point_operator', 'chair'] as const;
const SessionRef = z.object({ sessionId: Id });

export const EVENTS: Record<keyof ClientToServerEvents, EventSpec> = {
  'me:get': { schema: null, who: 'anyone' },
  'sitting:join': { schema: SittingJoin, who: MEMBERS },
  'sitting:leave': { schema: SittingJoin, who: 'anyone' },
  'sitting:snapshot': { schema: SittingJoin, who: MEMBERS },
  'session:follow': { schema: SessionRef, who: MEMBERS },
  'session:unfollow': { schema: SessionRef, who: 'anyone' },
  'presenter:page': { schema: PresenterPage, who: ['chair', 'delegate'] }, // a delegate only while speaking
  'presenter:get': { schema: SittingJoin, who: MEMBERS },
  'sitting:setStatus': { schema: SetStatus, who: ['chair'] },
  'sitting:setClosedDoors': { schema: SetClosedDoors, who: ['chair'] },
  'agenda:setCurrent': { schema: SetCurrentItem, who: ['chair'] },
  'attendance:checkIn': { schema: CheckIn, who: ['delegate', 'chair', 'meeting_point_operator'] },
  'floor:request': { schema: RequestFloor, who: ['delegate', 'meeting_point_operator'] }, // an operator for a delegate of their room
  'floor:withdraw': { schema: WithdrawFloor, who: ['delegate', 'chair', 'meeting_point_operator'] },
  'floor:reorder': { schema: ReorderQueue, who: ['chair'] },
  'floor:grant': { schema: GrantFloor, who: ['chair'] },
  'floor:end': { schema: EndFloor, who: ['chair', 'delegate'] }, // a delegate only their own speech
  'poll:create': { schema: PollCreate, who: ['chair'] },
  'poll:update': { schema: PollUpdate, who: ['chair'] },
  'poll:delete': { schema: PollRef, who: ['chair'] },
  'poll:open': { schema: PollOpen, who: ['chair'] },
  'poll:reopen': { schema: PollReopen, who: ['chair'] },
  'poll:vote': { schema: BallotInput, who: ['delegate'] },
  'poll:close': { schema: PollRef, who: ['chair'] },
  'poll:publish': { schema: PollRef, who: ['chair'] },
  'poll:list': { schema: PollList, who: MEMBERS },
  'media:join': { schema: MediaJoin, who: MEMBERS },
  'media:leave': { schema: null, who: 'anyone' },
  'media:createTransport': { schema: MediaTransportRef.partial(), who: MEMBERS },
  'media:connectTransport': { schema: MediaTransportConnect, who: MEMBERS },
  'media:restartIce': { schema: MediaTransportRef, who: MEMBERS },
  'media:produce': { schema: MediaProduce, who: MEMBERS },
  'media:consume': { schema: MediaConsume, who: MEMBERS },
  'media:pause': { schema: MediaConsumerRef, who: MEMBERS },
  'media:resume': { schema: MediaConsumerRef, who: MEMBERS },
  'media:closeConsumer': { schema: MediaConsumerRef, who: MEMBERS },
  'media:pauseProducer': { schema: MediaProducerRef, who: MEMBERS },
  'media:resumeProducer': { schema: MediaProducerRef, who: MEMBERS },
  'media:closeProducer': { schema: MediaProducerRef, who: MEMBERS },
  'media:setLayers': { schema: MediaLayers, who: MEMBERS },
};

export const EVENT_NAMES = Object.keys(EVENTS) as Array<keyof ClientToServerEvents>;

/** The JSON schema of an event's payload (input side: defaults make fields optional). */
export const jsonSchemaOf = (spec: EventSpec): JsonSchema =>
  (spec.schema ? z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }) : { type: 'object', properties: {} }) as JsonSchema;

/** Which ids a payload field carries. */
export const FIELD_KIND: Record<string, IdKind> = {
  sittingId: 'sitting', sessionId: 'session', pollId: 'poll', documentId: 'document', agendaItemId: 'item', userId: 'user', meetingPointId: 'meetingPoint',
};

/** The fields that place a payload in a council: a success with another council's id in one of them is unauthorised. */
export const SCOPE_FIELDS = ['sittingId', 'sessionId', 'pollId', 'documentId', 'agendaItemId'] as const;
