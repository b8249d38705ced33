import { Injectable } from '@nestjs/common';
import type { DemoAccountEntry } from '@ketenregie/contracts';

/**
 * The demo accounts with the passwords they got at this start, for the sign-in page. The app
 * publishes them when it loads the demo region (the access context knows nothing of the demo);
 * nothing is published with the demo off, and the list is then unknown (404). Held in memory only:
 * a password is never stored readable, and a new start gives new ones.
 */
@Injectable()
export class PublishedDemoAccounts {
  private accounts: readonly DemoAccountEntry[] | undefined;

  publish(accounts: readonly DemoAccountEntry[]): void {
    this.accounts = accounts.map((account) => ({ ...account, organisation: { ...account.organisation } }));
  }

  /** Undefined while nothing is published: the demo region is off. */
  current(): readonly DemoAccountEntry[] | undefined {
    return this.accounts;
  }
}
