import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("scim", {
  type: "scim",
  name: "SCIM",
  configuration: {
    AUTHENTICATION_METHOD: "OAuth 2 Bearer Token",
    AUTHORIZATION_TYPE: "Bearer",
    SCIM_URL: "https://scim.example.com/scim/v2",
    SCIM_VERSION: "2.0",
    USERS_RESOURCE: "/Users",
    OAUTH_ACCESS_TOKEN: config.requireSecret("scimToken"),
    CREATE_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});
