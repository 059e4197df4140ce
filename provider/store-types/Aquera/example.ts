import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("aquera", {
  type: "Aquera",
  name: "Aquera",
  configuration: {
    AUTHENTICATION_METHOD: "Basic Auth",
    SCIM_URL: "https://scim.aquera.example.com/scim/v2/tenant-1",
    BASIC_AUTH_USER: "aquera-svc",
    BASIC_AUTH_PASSWORD: config.requireSecret("aqueraPassword"),
    CREATE_USERS: true,
    UPDATE_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});
