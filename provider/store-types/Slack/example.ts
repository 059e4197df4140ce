import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("slack", {
  type: "Slack",
  name: "Slack",
  configuration: {
    OAUTH_ACCESS_TOKEN: config.requireSecret("slackToken"),
    UNIQUE_USER_IDENTIFIER: "primaryEmail",
    CREATE_USERS: true,
    DEPROVISION_USERS: true,
  },
});
