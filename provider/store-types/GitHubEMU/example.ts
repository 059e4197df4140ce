import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("githubemu", {
  type: "GitHubEMU",
  name: "GitHub Enterprise Managed Users",
  configuration: {
    BASE_URL: "https://api.github.com/scim/v2/enterprises/example-emu",
    OAUTH_ACCESS_TOKEN: config.requireSecret("githubScimToken"),
    CREATE_USERS: true,
    UPDATE_USERS: true,
    DEPROVISION_USERS: true,
  },
});
