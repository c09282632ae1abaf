/**
 * A ScimClient that keeps every exchange it sent, for tests only: the production client keeps none (a run's
 * exchanges live in its case results), so the tests record them from what `send` returns or throws.
 */
import { ScimClient } from '../../../src/client/index.ts';
import { type Exchange, type HttpResult, type OutgoingRequest, TransportError } from '../../../src/model/transport.ts';

export class RecordingClient extends ScimClient {
  /** Every exchange in the order it was sent, redacted, as the client handed it out. */
  readonly exchanges: Exchange[] = [];

  override async send(request: OutgoingRequest): Promise<HttpResult> {
    try {
      const result = await super.send(request);
      this.exchanges.push(result.exchange);
      return result;
    } catch (error) {
      if (error instanceof TransportError) this.exchanges.push(error.exchange);
      throw error;
    }
  }
}
