/**
 * The state of the live connection, for the quiet "Reconnecting…" notice.
 * The socket opens with the first subscription and closes after the last:
 * only a close while something is still listening is a lost connection.
 */
class LiveConnection {
  /** True from a lost connection until the socket is back. */
  reconnecting = $state(false);
  #listening = 0;

  /** A live list started (+1) or stopped (-1). */
  listening(delta: 1 | -1): void {
    this.#listening = Math.max(0, this.#listening + delta);
    if (this.#listening === 0) this.reconnecting = false;
  }

  closed(): void {
    if (this.#listening > 0) this.reconnecting = true;
  }

  connected(): void {
    this.reconnecting = false;
  }

  /** The client was replaced (sign-in, sign-out): nothing is listening any more. */
  reset(): void {
    this.#listening = 0;
    this.reconnecting = false;
  }
}

export const liveConnection = new LiveConnection();
