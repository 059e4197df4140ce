/**
 * Loads got, the HTTP library, once per process, without the ICU data its import would otherwise map in.
 *
 * got is ESM-only and this package is CommonJS, so it comes through `await import("got")`. Its dependency
 * `@sindresorhus/is` builds two `Intl.ListFormat`s at the top of its module, to word its assertion errors
 * ("Expected values which are `string` or `undefined`"). The first `Intl.ListFormat` a process builds loads
 * ICU's locale data from the node executable: 3.7 MiB of the provider process's RSS, a quarter of what
 * importing got costs it (measured with Node 22.23 and got 14; bench/README, "Provider peak RSS"), for
 * messages that a request this client makes (its options are fixed in code) does not produce.
 *
 * So, while got's modules are evaluated and only then, `Intl.ListFormat` is a stand-in that builds the real
 * formatter on its first use: the formatters got holds work as before, the first of their messages pays
 * the 3.7 MiB, and once got is loaded `Intl.ListFormat` is the real constructor again. Anything else that
 * builds a list formatter during those milliseconds gets a stand-in too, that behaves the same, except that
 * it is not `instanceof Intl.ListFormat` and reports bad arguments on first use rather than at `new`.
 */

type GotModule = typeof import("got", { with: { "resolution-mode": "import" }});

let loading: Promise<GotModule> | undefined;

/** got's module, imported on the first call; every later call gets the same promise. */
export function loadGot(): Promise<GotModule> {
  // One import per process: two imports at once would each save and restore `Intl.ListFormat`, and the
  // second could restore the first one's stand-in.
  loading ??= whileListFormatDeferred(() => import("got"));
  return loading;
}

async function whileListFormatDeferred<T>(load: () => Promise<T>): Promise<T> {
  const ListFormat = globalThis.Intl?.ListFormat;
  if (typeof ListFormat !== "function") return load();
  // A writable data property at run time, as the standard makes every `Intl` constructor; `const` to TypeScript.
  const intl = Intl as { ListFormat: ListFormatConstructor };
  const standIn = deferredListFormat(ListFormat);
  intl.ListFormat = standIn;
  try {
    return await load();
  } finally {
    // Unless something else replaced it meanwhile, which is then its own to restore.
    if (intl.ListFormat === standIn) intl.ListFormat = ListFormat;
  }
}

type ListFormatConstructor = typeof Intl.ListFormat;
type ListFormatArguments = ConstructorParameters<ListFormatConstructor>;

function deferredListFormat(ListFormat: ListFormatConstructor): ListFormatConstructor {
  class DeferredListFormat {
    readonly #arguments: ListFormatArguments;
    #formatter: Intl.ListFormat | undefined;

    constructor(...args: ListFormatArguments) {
      this.#arguments = args;
    }

    static supportedLocalesOf(...args: Parameters<ListFormatConstructor["supportedLocalesOf"]>): string[] {
      return ListFormat.supportedLocalesOf(...args);
    }

    #real(): Intl.ListFormat {
      this.#formatter ??= new ListFormat(...this.#arguments);
      return this.#formatter;
    }

    format(list: Iterable<string>): string {
      return this.#real().format(list);
    }

    formatToParts(list: Iterable<string>): { type: "element" | "literal"; value: string }[] {
      return this.#real().formatToParts(list);
    }

    resolvedOptions(): Intl.ResolvedListFormatOptions {
      return this.#real().resolvedOptions();
    }
  }
  return DeferredListFormat as unknown as ListFormatConstructor;
}
