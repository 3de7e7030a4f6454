import type { FacadeAnswer, FacadeError } from './facade-answer';

/** A call (or notification, `id` undefined) on its way to the facade, over HTTP or the link. */
export interface PendingCall {
  readonly id: number | undefined;
  readonly method: string;
  /** The request object, serialized once when queued (batches and frames are joined from these). */
  readonly text: string;
  /** Who the call is for (the client's channel): two calls of one key never share an HTTP batch. */
  readonly key: string | undefined;
  /** ms since epoch the call was first sent: a call refused with 401 is sent again until it is this old. */
  readonly since: number;
  resolve(answer: FacadeAnswer | undefined): void;
  reject(error: FacadeError): void;
}
