import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("ldapgateway", {
  type: "LdapGateway",
  name: "LDAP Gateway",
  configuration: {
    CLIENT_ID: "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    CLIENT_SECRET: config.requireSecret("gatewayClientSecret"),
    ENVIRONMENT_ID: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
    GATEWAY_ID: "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    GATEWAY_BASE_URL: "https://api.pingone.com/v1",
    OAUTH_URL: "https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/token",
    LDAP_TYPE: "Microsoft Active Directory",
    CREATE_USERS: true,
  },
});
