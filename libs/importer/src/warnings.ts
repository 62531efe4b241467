/** Where parsing steps report what they could not place. A plain string[] satisfies it. */
export interface WarningSink {
  push(message: string): void;
}

/** Keeps the first `limit` warnings: garbage input could otherwise produce millions. */
export class WarningLog implements WarningSink {
  private readonly messages: string[] = [];
  private dropped = 0;

  constructor(private readonly limit = 500) {}

  push(message: string): void {
    if (this.messages.length < this.limit) this.messages.push(message);
    else this.dropped++;
  }

  list(): string[] {
    return this.dropped === 0
      ? this.messages.slice()
      : [...this.messages, `另有 ${this.dropped} 条警告未列出`];
  }
}
