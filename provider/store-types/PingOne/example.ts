import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("pingone", {
  type: "PingOne",
  name: "PingOne",
  configuration: {
    ENVIRONMENT_ID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
    REGION: "NA",
    CLIENT_ID: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    CLIENT_SECRET: config.requireSecret("targetClientSecret"),
    MFA_USER_DEVICE_MANAGEMENT: "Merge with devices in PingOne",
    CREATE_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});
