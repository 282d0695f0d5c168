/**
 * Both directions of a TLS connection, observed together: a ServerHello seen in one direction
 * tells the other which version was negotiated (needed to read TLS 1.3 correctly, see
 * TlsDirectionObserver). Feed it in capture order, as the flow layer delivers.
 */
import type { Direction } from '../flow/types.js';
import { TlsDirectionObserver, type TlsRecordInfo } from './direction-observer.js';

export class TlsConnectionObserver {
  /** The client-to-server direction. */
  readonly client: TlsDirectionObserver;
  /** The server-to-client direction. */
  readonly server: TlsDirectionObserver;

  /**
   * @param clientOffset stream offset of the first client byte that will be pushed (where TLS starts)
   * @param serverOffset the same for the server's direction
   * @param onInfo receives each direction's infos, in the order the bytes were pushed
   */
  constructor(clientOffset: number, serverOffset: number, onInfo: (dir: Direction, info: TlsRecordInfo) => void) {
    this.client = new TlsDirectionObserver(clientOffset, (info) => {
      this.shareVersion(info, this.client, this.server);
      onInfo('C', info);
    });
    this.server = new TlsDirectionObserver(serverOffset, (info) => {
      this.shareVersion(info, this.server, this.client);
      onInfo('S', info);
    });
  }

  /** The next bytes of direction `dir`, in stream order. */
  push(dir: Direction, bytes: Buffer): void {
    (dir === 'C' ? this.client : this.server).push(bytes);
  }

  /** `length` bytes of direction `dir` are missing from the capture. */
  gap(dir: Direction, length: number): void {
    (dir === 'C' ? this.client : this.server).gap(length);
  }

  /** Passes a ServerHello's version on to the other direction (either way, in case the roles were guessed wrong). */
  private shareVersion(info: TlsRecordInfo, from: TlsDirectionObserver, to: TlsDirectionObserver): void {
    if (info.what !== 'ServerHello' && info.what !== 'HelloRetryRequest') return;
    const v = from.negotiatedVersion;
    if (v !== null) to.setNegotiatedVersion(v);
  }
}
