import { compareStore, diffStore } from "../../provider/lifecycle/diff";
import type { StoreInputs, StoreOutputs } from "../../provider/lifecycle/store-state";
import { PREVIEW_UNKNOWN } from "../../provider/store-types/validation";

const ENV = "11111111-2222-3333-4444-555555555555";

/** State as create left it: the server's configuration (with a key it added) and the declared paths. */
const scimState: StoreOutputs = {
  storeId: "store-1",
  environmentId: ENV,
  type: "scim",
  name: "HR SCIM",
  description: "HR users",
  status: "ACTIVE",
  image: { href: "https://example.com/a.png", id: "img-1" },
  configuration: {
    AUTHENTICATION_METHOD: "Basic Authentication",
    SCIM_URL: "https://scim.example.com/v2",
    SCIM_VERSION: "2.0",
    UNIQUE_USER_IDENTIFIER: "userName",
    BASIC_AUTH_USER: "svc",
    BASIC_AUTH_PASSWORD: "pw-S3CRET-1",
    CREATE_USERS: true,
    freezeAccountOnDeprovisioning: "false",
  },
  declaredProperties: [
    "description",
    "image",
    "configuration.AUTHENTICATION_METHOD",
    "configuration.SCIM_URL",
    "configuration.SCIM_VERSION",
    "configuration.UNIQUE_USER_IDENTIFIER",
    "configuration.BASIC_AUTH_USER",
    "configuration.BASIC_AUTH_PASSWORD",
    "configuration.CREATE_USERS",
  ],
};

const declared: StoreInputs = {
  type: "scim",
  name: "HR SCIM",
  environmentId: ENV,
  description: "HR users",
  image: { href: "https://example.com/a.png" },
  // What the user declared: the state's configuration without the key the server added.
  configuration: Object.fromEntries(Object.entries(scimState.configuration!).filter(([key]) => key !== "freezeAccountOnDeprovisioning")),
};

const withConfig = (changes: Record<string, unknown>, drop: string[] = []): StoreInputs => {
  const configuration = { ...declared.configuration, ...changes };
  for (const key of drop) delete configuration[key];
  return { ...declared, configuration };
};
const withState = (changes: Record<string, unknown>): StoreOutputs => ({
  ...scimState,
  configuration: { ...scimState.configuration, ...changes },
});

describe("diff", () => {
  test.each<[string, StoreOutputs, StoreInputs, Record<string, string>, string[]]>([
    ["identical declarations", scimState, declared, {}, []],
    ["server-added key is not a change", withState({ freezeAccountOnDeprovisioning: "false", serverOnly: "x" }), declared, {}, []],
    ['"true" from the server equals true declared', withState({ CREATE_USERS: "true" }), declared, {}, []],
    ["a secret the server masks but nobody declared is not a change", withState({ OAUTH_ACCESS_TOKEN: "******" }), declared, {}, []],
    ["name changes update in place", scimState, { ...declared, name: "HR SCIM 2" }, { name: "update" }, []],
    ["description changes update", scimState, { ...declared, description: "new" }, { description: "update" }, []],
    ["removing a declared description deletes it", scimState, { ...declared, description: undefined }, { description: "delete" }, []],
    ["image href change updates", scimState, { ...declared, image: { href: "https://example.com/b.png" } }, { image: "update" }, []],
    [
      "a configuration value change updates",
      scimState,
      withConfig({ SCIM_URL: "https://other.example.com" }),
      { "configuration.SCIM_URL": "update" },
      [],
    ],
    ["a new optional key is an add", scimState, withConfig({ UPDATE_USERS: false }), { "configuration.UPDATE_USERS": "add" }, []],
    ["a removed declared key is a delete", scimState, withConfig({}, ["CREATE_USERS"]), { "configuration.CREATE_USERS": "delete" }, []],
    [
      "a changed secret updates",
      scimState,
      withConfig({ BASIC_AUTH_PASSWORD: "pw-S3CRET-2" }),
      { "configuration.BASIC_AUTH_PASSWORD": "update" },
      [],
    ],
    ["type change replaces", scimState, { ...declared, type: "Aquera" }, { type: "update-replace" }, ["type"]],
    [
      "environment change replaces",
      scimState,
      { ...declared, environmentId: "other-env" },
      { environmentId: "update-replace" },
      ["environmentId"],
    ],
    [
      "UNIQUE_USER_IDENTIFIER change replaces",
      scimState,
      withConfig({ UNIQUE_USER_IDENTIFIER: "workEmail" }),
      { "configuration.UNIQUE_USER_IDENTIFIER": "update-replace" },
      ["configuration.UNIQUE_USER_IDENTIFIER"],
    ],
    [
      "an unknown (preview) value is a change",
      scimState,
      withConfig({ SCIM_URL: PREVIEW_UNKNOWN }),
      { "configuration.SCIM_URL": "update" },
      [],
    ],
    [
      "additionalConfiguration keys are compared with the server's configuration",
      withState({ NEW_PINGONE_KEY: "on" }),
      { ...declared, additionalConfiguration: { NEW_PINGONE_KEY: "off" } },
      { "additionalConfiguration.NEW_PINGONE_KEY": "update" },
      [],
    ],
    ["an omitted environmentId does not replace", scimState, { ...declared, environmentId: undefined }, {}, []],
  ])("%s", (_title, olds, news, expectedChanges, expectedReplaces) => {
    const { changed, replaces } = compareStore(olds, news);
    expect(changed).toEqual(expectedChanges);
    expect(replaces).toEqual(expectedReplaces);
    const result = diffStore(olds, news);
    expect(result.changes).toBe(Object.keys(expectedChanges).length > 0);
    expect(result.replaces).toEqual(expectedReplaces);
  });
});
