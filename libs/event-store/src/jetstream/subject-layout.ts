/**
 * Maps event-store streams onto NATS subjects: stream `mailbox-42` lives on `<prefix>.mailbox-42`.
 * Stream names are restricted to one subject token (see STREAM_NAME), so the mapping is reversible.
 */
export class SubjectLayout {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
      throw new Error(`invalid subject prefix: ${JSON.stringify(prefix)}`);
    }
  }

  /** Every subject the JetStream stream captures. */
  get all(): string {
    return `${this.prefix}.>`;
  }

  subjectOf(stream: string): string {
    return `${this.prefix}.${stream}`;
  }

  streamOf(subject: string): string {
    return subject.slice(this.prefix.length + 1);
  }
}
