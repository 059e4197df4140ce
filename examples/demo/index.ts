/**
 * The demo stack: what an identity team declares to push users from PingOne into an HR SCIM app, a
 * Salesforce org and a partner PingOne environment, and the pipeline that provisions PingOne's users into
 * the HR app: the environment's plan, a rule from the PingOne directory to the SCIM store, and its
 * attribute mappings. `npm run demo` points it at the local API, whose SCIM target makes the SCIM store
 * real; point the `pingone:*` config at PingOne to use it for real.
 */
import * as pulumi from "@pulumi/pulumi";
import { PropagationMapping, PropagationPlan, PropagationRule, PropagationStore } from "pulumi-pingone-propagation";

const config = new pulumi.Config();

const hrScim = new PropagationStore("hr-scim", {
  type: "scim",
  name: "HR SCIM",
  description: "Workforce users for the HR application",
  // The local API really calls its SCIM target, so a wrong password stops `pulumi up` before any write.
  verifyConnection: true,
  configuration: {
    AUTHENTICATION_METHOD: "Basic Authentication",
    AUTHORIZATION_TYPE: "Basic",
    SCIM_URL: config.require("scimUrl"),
    SCIM_VERSION: "2.0",
    USERS_RESOURCE: "/Users",
    USER_FILTER: 'userName eq "%s"',
    UNIQUE_USER_IDENTIFIER: "userName",
    BASIC_AUTH_USER: config.require("scimUser"),
    BASIC_AUTH_PASSWORD: config.requireSecret("scimPassword"),
    CREATE_USERS: true,
    UPDATE_USERS: true,
    DISABLE_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});

const crm = new PropagationStore("crm-salesforce", {
  type: "Salesforce",
  name: "Sales CRM",
  configuration: {
    SALESFORCE_DOMAIN: "example-dev-ed.my.salesforce.com",
    CLIENT_ID: "3MVG9demoClientId",
    CLIENT_SECRET: config.requireSecret("salesforceClientSecret"),
    OAUTH_ACCESS_TOKEN: config.requireSecret("salesforceAccessToken"),
    OAUTH_REFRESH_TOKEN: config.requireSecret("salesforceRefreshToken"),
    PERMISSION_SET_MANAGEMENT: "Merge with permission sets in Salesforce",
    ENABLE_COMMUNITIES: false,
    FREEZE_USER_FLAG: false,
    CREATE_USERS: true,
    UPDATE_USERS: true,
  },
});

const partner = new PropagationStore("partner-pingone", {
  type: "PingOne",
  name: "Partner PingOne",
  configuration: {
    ENVIRONMENT_ID: config.require("partnerEnvironmentId"),
    REGION: "NA",
    CLIENT_ID: "partner-worker-app",
    CLIENT_SECRET: config.requireSecret("partnerClientSecret"),
    CREATE_USERS: true,
    UPDATE_USERS: true,
    DISABLE_USERS: false,
    REMOVE_ACTION: "Disable",
  },
});

// The pipeline: PingOne's own directory is the source of every rule that provisions out of PingOne.
const directory = new PropagationStore("pingone-directory", { type: "directory", name: "PingOne Directory" });

const plan = new PropagationPlan("workforce", { name: "Workforce provisioning", status: "ACTIVE" });

const hrRule = new PropagationRule("hr-users", {
  plan: plan.planId,
  sourceStore: directory.storeId,
  targetStore: hrScim.storeId,
  name: "HR users to the HR app",
  description: "Everyone with an example.com address",
  active: true,
  populationExpression: 'email ew "@example.com"',
});

// One mapping per target attribute: changing one touches only it.
new PropagationMapping("hr-user-name", { rule: hrRule.ruleId, sourceAttribute: "username", targetAttribute: "userName" });
new PropagationMapping("hr-family-name", { rule: hrRule.ruleId, sourceAttribute: "name.family", targetAttribute: "name.familyName" });
new PropagationMapping("hr-display-name", {
  rule: hrRule.ruleId,
  expression: '${user.name.given} + " " + ${user.name.family}',
  targetAttribute: "displayName",
});

export const planId = plan.planId;
export const hrRuleId = hrRule.ruleId;
export const hrScimStoreId = hrScim.storeId;
export const crmStoreId = crm.storeId;
export const partnerStoreId = partner.storeId;
export const hrScimStatus = hrScim.status;
/** Sync health as PingOne last reported it (`pulumi refresh` updates it; never a change). */
export const hrScimSyncStatus = hrScim.syncStatus;
/** Carries secrets, so Pulumi shows it as [secret]. */
export const hrScimConfiguration = hrScim.configuration;
