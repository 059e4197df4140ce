/**
 * Running the Pulumi CLI from this package: the provider process reads its own stack's state with it (see
 * `adoption.ts`), and the `pingone-propagation` command reads a stack's config and state and sets secrets.
 * Asynchronous, so that a provider keeps answering the engine while it runs. The CLI's own error output
 * becomes the message: never a stack trace, never the input (it may be a secret).
 */
import { execFile } from "node:child_process";

export class PulumiCliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiCliError";
  }
}

/** `pulumi <args> --non-interactive` in `cwd`; `input` goes to its stdin. Resolves to its stdout. */
export function runPulumi(args: string[], cwd: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "pulumi",
      [...args, "--non-interactive"],
      { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const failure = error as NodeJS.ErrnoException & { code?: string | number };
        if (failure.code === "ENOENT") return reject(new PulumiCliError("the Pulumi CLI (`pulumi`) is not on PATH."));
        const reason = stderr
          .trim()
          .split("\n")
          .filter((line) => line.trim() !== "")
          .slice(-3)
          .join(" ");
        reject(
          new PulumiCliError(
            `\`pulumi ${args.slice(0, 2).join(" ")}\` failed${typeof failure.code === "number" ? ` (exit ${failure.code})` : ""}: ${reason || "no output"}`,
          ),
        );
      },
    );
    child.stdin?.end(input ?? "");
  });
}

/** A resource of a stack's state, as `pulumi stack export` shows it. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  /** Set on a resource the engine is about to delete (the old half of a replacement). */
  delete?: boolean;
  inputs?: Record<string, unknown>;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: Array<{ resource: StateResource; type: string }>;
}

/** The stack's state, secrets still encrypted (no passphrase is needed for that). */
export async function exportStack(stack: string, cwd: string): Promise<Deployment> {
  const exported = JSON.parse(await runPulumi(["stack", "export", "--stack", stack], cwd)) as { deployment?: Deployment };
  return exported.deployment ?? {};
}
