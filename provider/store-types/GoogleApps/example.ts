import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("googleapps", {
  type: "GoogleApps",
  name: "Google Workspace",
  configuration: {
    APPLICATION_NAME: "PingOne Provisioning",
    DOMAIN: "example.com",
    OAUTH_CLIENT_ID: "1234567890-abc.apps.googleusercontent.com",
    OAUTH_CLIENT_SECRET: config.requireSecret("googleClientSecret"),
    OAUTH_ACCESS_TOKEN: config.requireSecret("googleAccessToken"),
    OAUTH_REFRESH_TOKEN: config.requireSecret("googleRefreshToken"),
    CREATE_USERS: true,
  },
});
