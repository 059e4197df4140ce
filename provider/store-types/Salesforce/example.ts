import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("salesforce", {
  type: "Salesforce",
  name: "Salesforce",
  configuration: {
    SALESFORCE_DOMAIN: "example.my.salesforce.com",
    CLIENT_ID: "3MVG9vtcvGoeH2bjJwb5FqeXKL-example",
    CLIENT_SECRET: config.requireSecret("salesforceClientSecret"),
    OAUTH_ACCESS_TOKEN: config.requireSecret("salesforceAccessToken"),
    OAUTH_REFRESH_TOKEN: config.requireSecret("salesforceRefreshToken"),
    PERMISSION_SET_MANAGEMENT: "Merge with permission sets in Salesforce",
    FREEZE_USER_FLAG: false,
    CREATE_USERS: true,
  },
});
