import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("workday", {
  type: "Workday",
  name: "Workday",
  configuration: {
    username: "ISU_PingOne",
    password: config.requireSecret("workdayPassword"),
    tenantId: "example_tenant1",
    host: "wd2-impl-services1.workday.com",
    excludeContingentWorkers: true,
  },
});
