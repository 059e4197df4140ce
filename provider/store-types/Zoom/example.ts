import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("zoom", {
  type: "Zoom",
  name: "Zoom",
  configuration: {
    SCIM_URL: "https://api.zoom.us/scim2",
    AUTHENTICATION_METHOD: "OAuth Bearer Token",
    OAUTH_ACCOUNT_ID: "zoom-account-id",
    OAUTH_CLIENT_ID: "zoom-client-id",
    OAUTH_CLIENT_SECRET: config.requireSecret("zoomClientSecret"),
    OAUTH_TOKEN_URL: "https://zoom.us/oauth/token",
    CREATE_USERS: true,
  },
});
