// The little of feedparser's (untyped) API the feed tests use.
declare module 'feedparser' {
  import { Transform } from 'node:stream';

  /** A namespaced element as feedparser keeps it: attributes under `@`, text under `#`. */
  export interface RawElement {
    readonly '@': Record<string, string>;
    readonly '#'?: string;
    readonly [child: string]: unknown;
  }

  export interface Meta {
    readonly '#type': string;
    readonly title: string | null;
    readonly link: string | null;
    readonly xmlurl: string | null;
    readonly date: Date | null;
    readonly [key: string]: unknown;
  }

  export interface Item {
    readonly title: string | null;
    readonly summary: string | null;
    readonly link: string | null;
    readonly guid: string | null;
    readonly author: string | null;
    readonly date: Date | null;
    readonly pubdate: Date | null;
    readonly categories: string[];
    readonly [key: string]: unknown;
  }

  export default class FeedParser extends Transform {
    constructor(options?: { strict?: boolean; resume_saxerror?: boolean; feedurl?: string });
    readonly meta: Meta;
    read(): Item | null;
  }
}
