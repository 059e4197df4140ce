import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("servicenow", {
  type: "ServiceNow",
  name: "ServiceNow",
  configuration: {
    ServiceNow_Url: "https://example.service-now.com",
    Administrator_Username: "admin",
    Administrator_Password: config.requireSecret("serviceNowPassword"),
    CREATE_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});
