/**
 * The lifecycle every pipeline resource (plan, rule, mapping) shares, as the engine calls it: check
 * before any write, diff on what was declared, read for drift (a 404 drops the resource), delete that
 * treats a 404 as done (deleting a plan deletes its rules and mappings, deleting a rule its mappings), and
 * every write recorded for the run's revision. Each resource supplies its fields and its API calls
 * (`lifecycle/plan`, `lifecycle/rule`, `lifecycle/mapping`).
 */
import { isPreviewUnknown, type ValidationFailure, type ValidationResult } from "../store-types/validation";
import { adoptFailures, adoptionErrors, alreadyInState, changedSinceAdoption, type AdoptInput } from "./adoption";
import { LifecycleContext, type LifecycleProvider, type ProviderOptions } from "./context";
import { carryLogicalName, logicalNameIn } from "../resource/logical-name";
import { unlessGone } from "./gone";
import { readUnmanaged } from "./read-unmanaged";
import { compareFields, declaredPropertiesOf, refreshedInputsOf, validateFields, type FieldSpecs } from "./fields";
import { inputsIfDrifted } from "./refreshed-inputs";
import type { ApiObject, PingOneClient } from "./pingone-client";

/** What every pipeline resource's inputs have. */
export interface PipelineInputs {
  environmentId?: string;
  /** Adopt this existing object on the first `pulumi up` (adoption.ts); inert afterwards. */
  adopt?: AdoptInput;
  [field: string]: unknown;
}

/** What every pipeline resource's state has besides its fields. */
export interface PipelineOutputs extends PipelineInputs {
  environmentId: string;
  createdAt?: string;
  updatedAt?: string;
  /** Set by an adoption that wrote nothing (see `changedSinceAdoption` in adoption.ts); kept by refreshes. */
  adoptedAsOf?: string;
  /** Dotted paths the user declared, so that diff compares only those. */
  declaredProperties: string[];
}

/** One pipeline resource: its fields, and how its API calls are made. */
export interface PipelineKind<I extends PipelineInputs, A extends ApiObject> {
  resource: "PropagationPlan" | "PropagationRule" | "PropagationMapping";
  /** The output that repeats the object's id (`planId`, `ruleId`, `mappingId`). */
  idOutput: string;
  fields: FieldSpecs;
  /** Checks across fields, after each field's own. */
  validate?(inputs: Record<string, unknown>, result: ValidationResult): void;
  /** What PingOne calls one, for messages: `propagation rule`. */
  noun: string;
  /** What identifies it to a person: a rule's name, a mapping's target attribute. */
  title(inputs: I): string;
  /** The object's fields as the resource names them (`{ plan: rule.plan.id, ... }`). */
  fieldsOf(object: A): Record<string, unknown>;
  get(client: PingOneClient, environmentId: string, id: string): Promise<A | undefined>;
  create(client: PingOneClient, environmentId: string, inputs: I): Promise<{ created: A; adoptedExisting: boolean }>;
  update(client: PingOneClient, environmentId: string, id: string, inputs: I): Promise<A>;
  /** False when it was already gone. */
  remove(client: PingOneClient, environmentId: string, id: string): Promise<boolean>;
}

export interface PipelineProvider<I extends PipelineInputs, O extends I & PipelineOutputs> extends LifecycleProvider<I, O> {
  /** The context it shares with the other providers (settings, client, revisions). */
  readonly context: LifecycleContext;
}

export function createPipelineProvider<I extends PipelineInputs, O extends I & PipelineOutputs, A extends ApiObject>(
  kind: PipelineKind<I, A>,
  options: ProviderOptions = {},
): PipelineProvider<I, O> {
  const context = options.context ?? new LifecycleContext(options);
  const { resource, fields } = kind;

  /**
   * State from what PingOne returned. A create-only field it does not echo (it cannot change) keeps the
   * value `known` from the inputs or the previous state.
   */
  function outputsOf(object: A, known: PipelineInputs, declaredProperties: string[]): O {
    const outputs: Record<string, unknown> = { [kind.idOutput]: object.id };
    const returned = kind.fieldsOf(object);
    for (const [field, spec] of Object.entries(fields)) {
      const value = returned[field] ?? (spec.replaceOnChange ? known[field] : undefined);
      if (value !== undefined) outputs[field] = value;
    }
    outputs.environmentId = object.environment?.id ?? known.environmentId;
    // The Pulumi name (resource/logical-name.ts) stays in the state, so that read and update can name the resource.
    carryLogicalName(known, outputs);
    if (object.createdAt !== undefined) outputs.createdAt = object.createdAt;
    if (object.updatedAt !== undefined) outputs.updatedAt = object.updatedAt;
    // Only a previous state carries it (a refresh); an update's inputs do not, so the stack's own write ends it.
    if (typeof known.adoptedAsOf === "string") outputs.adoptedAsOf = known.adoptedAsOf;
    outputs.declaredProperties = declaredProperties;
    return outputs as O;
  }

  const declared = (inputs: I) => declaredPropertiesOf(inputs, fields);
  /** `PropagationRule "HR users"`, as the revision report lists changes. */
  const label = (inputs: I) => `${resource} "${kind.title(inputs)}"`;
  const environmentOf = (inputs: { environmentId?: string }) => context.environmentOf(inputs.environmentId, resource);
  /** The ledger's and the state's name for this kind: the type token's `pingone:PropagationRule` part. */
  const adoptionKind = `pingone:${resource}`;
  /** `propagation plan`, `propagation rule`, `propagation mapping`: what adoption messages call it. */
  const what = `propagation ${resource.slice("Propagation".length).toLowerCase()}`;
  const ledger = context.adoptions;
  /** The resource in words: its Pulumi name when known, else what identifies it to a person. */
  const describe = (inputs: I) => {
    const name = inputs.adopt?.resource ?? logicalNameIn(inputs);
    return name ? `resource "${name}"` : `the ${what} declared as "${kind.title(inputs)}"`;
  };

  /**
   * Why `object` (what `adopt.id` names) cannot be adopted by this declaration: it is missing, in another
   * environment, or differs in a field only a create can set (a rule's plan or stores, a mapping's rule), which
   * no update can bring to the declaration.
   */
  function adoptionRefusal(object: A | undefined, id: string, environmentId: string, inputs: I): Error | undefined {
    if (!object) return adoptionErrors.missing(what, id, environmentId);
    if (object.environment?.id && object.environment.id !== environmentId)
      return adoptionErrors.otherEnvironment(what, id, object.environment.id, environmentId);
    const current = outputsOf(object, {}, declared(inputs));
    const knownInputs = Object.fromEntries(Object.entries(inputs).filter(([, value]) => !isPreviewUnknown(value)));
    const fixed = compareFields(current, knownInputs, fields).replaces;
    if (fixed.length === 0) return undefined;
    const shown = fixed
      .map((field) => `${field} is ${JSON.stringify(current[field])} there but ${JSON.stringify(inputs[field])} here`)
      .join("; ");
    return new Error(
      `adopt.id "${id}": this ${what} cannot take this declaration: ${shown}, and only a create can set ${fixed.length === 1 ? "it" : "them"}. ` +
        `Declare what PingOne holds (\`pingone-propagation export\` writes it), or remove adopt to create a new ${what}. Nothing was written.`,
    );
  }

  /** At check, for a resource not in the stack yet: can `adopt` be honoured? So that a wrong id fails at preview. */
  async function adoptionFailuresAtCheck(olds: I, inputs: I): Promise<ValidationFailure[]> {
    const id = inputs.adopt?.id;
    if (
      Object.keys(olds ?? {}).length > 0 ||
      typeof id !== "string" ||
      id === "" ||
      !inputs.environmentId ||
      isPreviewUnknown(inputs.environmentId)
    )
      return [];
    const holder = await ledger.stateHolderOf(adoptionKind, id, inputs.adopt?.stack);
    if (holder) return [{ property: "adopt.id", reason: alreadyInState(what, id, describe(inputs), holder, inputs.adopt!.stack!).message }];
    try {
      const refusal = adoptionRefusal(await kind.get(context.api(), inputs.environmentId, id), id, inputs.environmentId, inputs);
      return refusal ? [{ property: "adopt.id", reason: refusal.message }] : [];
    } catch {
      return []; // No credentials, an unreachable API: create decides.
    }
  }

  /**
   * The first `pulumi up` of a resource with `adopt`: read the object instead of creating it, and PUT only
   * what the declaration changes. Undefined when this create replaces the very object `adopt` names.
   */
  async function adopt(environmentId: string, inputs: I): Promise<{ id: string; outs: O } | undefined> {
    const id = inputs.adopt!.id;
    if ((await ledger.beginAdoption(adoptionKind, id, describe(inputs), what, inputs.adopt!.stack)) === "create") return undefined;
    try {
      const object = await kind.get(context.api(), environmentId, id);
      const refusal = adoptionRefusal(object, id, environmentId, inputs);
      if (refusal) throw refusal;
      const current = outputsOf(object!, { ...inputs, environmentId }, declared(inputs));
      const { changed } = compareFields(current, inputs, fields);
      if (changed.length === 0) {
        // Nothing written: what the object is now was not this stack's change (see changedSinceAdoption).
        return { id, outs: outputsOf(object!, { ...inputs, environmentId, adoptedAsOf: object!.updatedAt }, declared(inputs)) };
      }
      context.info(`${describe(inputs)}: adopted ${what} ${id}; updating what the declaration changes: ${changed.join(", ")}.`);
      const updated = await context.revisions.write(
        environmentId,
        `adopted and updated ${label(inputs)}`,
        () => kind.update(context.api(), environmentId, id, inputs),
        () => ({ changed: true, id }),
      );
      return { id, outs: outputsOf(updated, { ...inputs, environmentId }, declared(inputs)) };
    } catch (error) {
      ledger.abandonAdoption(adoptionKind, id);
      throw error;
    }
  }

  return {
    context,

    async configure(req) {
      context.configure(req);
    },

    async check(olds, news) {
      // `adopt` is every resource's, not a field of this one: checked on its own.
      const { adopt: adoptArgument, ...declaredFields } = news;
      const result = validateFields(resource, declaredFields, fields);
      kind.validate?.(declaredFields, result);
      result.failures.push(...adoptFailures(adoptArgument, what));
      for (const warning of result.warnings) context.warn(warning);
      const inputs = context.defaultEnvironment({ ...news }, result.failures, resource);
      if (result.failures.length === 0) result.failures.push(...(await adoptionFailuresAtCheck(olds, inputs)));
      return { inputs, failures: result.failures };
    },

    async diff(id, olds, news) {
      ledger.managed(adoptionKind, id, `the resource of ${what} "${kind.title(olds)}"`, what);
      const { changed, replaces } = compareFields(olds, news, fields);
      if (replaces.length > 0) ledger.replaces(adoptionKind, id);
      if (changed.length > 0) return { changes: true, replaces, deleteBeforeReplace: false };
      // Nothing declared changed; but a revision may still be owed for a change a previous run made.
      const owed = await context.revisions.owedFor(olds.environmentId, changedSinceAdoption(olds), id);
      return { changes: owed !== undefined, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs) {
      const environmentId = environmentOf(inputs);
      if (inputs.adopt?.id !== undefined) {
        const adopted = await adopt(environmentId, inputs);
        if (adopted) return adopted;
      }
      const { created: object, adoptedExisting } = await context.revisions.write(
        environmentId,
        `created ${label(inputs)}`,
        () => kind.create(context.api(), environmentId, inputs),
        (result) => ({ changed: true, id: result.created.id }),
      );
      if (adoptedExisting) {
        context.warn(
          `pingone:adoptExistingStores: adopted the existing ${kind.noun} "${kind.title(inputs)}" (${object.id}) instead of creating another; turn the setting off once the stack is recovered.`,
        );
      }
      return { id: object.id, outs: outputsOf(object, { ...inputs, environmentId }, declared(inputs)) };
    },

    async read(id, props) {
      if (!props) throw new Error(`${resource} cannot be imported by id alone: declare it in the program and run \`pulumi up\`.`);
      // A resource read with `get` (resource/get-existing.ts): its state lists no declared properties.
      if (props.declaredProperties === undefined) {
        const environmentId = environmentOf(props);
        return readUnmanaged({
          className: resource,
          logicalName: logicalNameIn(props),
          // `propagation plan`, `propagation rule`, `propagation mapping`.
          kind: `propagation ${resource.slice("Propagation".length).toLowerCase()}`,
          id,
          environmentId,
          // The first read gets only what the program passed to `get`; every later one, the state it produced.
          firstRead: props[kind.idOutput] === undefined,
          fetch: () => kind.get(context.api(), environmentId, id),
          outputs: (object) => {
            const { declaredProperties: _managedOnly, ...plain } = outputsOf(object, props, []);
            return plain as unknown as O;
          },
        });
      }
      const object = await kind.get(context.api(), environmentOf(props), id);
      if (!object) return { id: "", props: {} as O };
      ledger.managed(adoptionKind, id, `the resource of ${what} "${kind.title(props)}"`, what);
      const outputs = outputsOf(object, props, props.declaredProperties ?? declared(props));
      const inputs = inputsIfDrifted(refreshedInputsOf(outputs, fields), refreshedInputsOf(props, fields));
      return { id: object.id, props: outputs, ...(inputs && { inputs: inputs as O }) };
    },

    async update(id, olds, news) {
      const environmentId = olds.environmentId || environmentOf(news);
      if (compareFields(olds, news, fields).changed.length === 0) {
        // Only a revision was owed (diff said so): nothing to write, the run's revision publishes it.
        context.revisions.mark(environmentId, `unpublished ${label(news)}`);
        return { outs: olds };
      }
      const held = {
        type: resource,
        logicalName: logicalNameIn(news) ?? logicalNameIn(olds),
        id,
        label: `${kind.noun} "${kind.title(olds)}"`,
      };
      const object = await context.revisions.write(
        environmentId,
        `updated ${label(news)}`,
        // An object deleted outside Pulumi: the error names it and the repair (gone.ts).
        () => unlessGone(held, () => kind.update(context.api(), environmentId, id, news)),
        () => ({ changed: true, id }),
      );
      return { outs: outputsOf(object, { ...news, environmentId }, declared(news)) };
    },

    async delete(id, props) {
      ledger.assertDeletable(adoptionKind, id, `the resource of ${what} "${kind.title(props)}"`, what);
      const environmentId = environmentOf(props);
      // A 404 is success: the object is gone, for example deleted along with its plan or rule (whose own
      // delete is the change the revision publishes).
      await context.revisions.write(
        environmentId,
        `deleted ${label(props)}`,
        () => kind.remove(context.api(), environmentId, id),
        (removed) => ({ changed: removed }),
      );
    },
  };
}
