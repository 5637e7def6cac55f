/**
 * One request at a time per host, with a pause between them: school sites often run on shared hosting
 * that an auditor must not overload. Different hosts proceed in parallel.
 */
export class HostGate {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly delayMs: number) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    await previous;
    try {
      return await task();
    } finally {
      // The pause stays referenced: the next request to this host awaits it, and an unref'd timer would let
      // a CLI process (which has nothing else keeping the loop alive) exit mid-audit with code 13.
      const pause = this.delayMs > 0 ? new Promise<void>((r) => setTimeout(r, this.delayMs)) : Promise.resolve();
      void pause.then(() => {
        release();
        // Forget idle hosts so a 1,000-site run does not keep a map entry per site.
        if (this.tails.get(host) === tail) this.tails.delete(host);
      });
    }
  }

  get activeHosts(): number {
    return this.tails.size;
  }
}
