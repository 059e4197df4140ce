import * as pulumi from "@pulumi/pulumi";
import { PropagationStore } from "../../index";

const config = new pulumi.Config();

new PropagationStore("azureactivedirectorysaml2", {
  type: "AzureActiveDirectorySAML2",
  name: "Azure Active Directory (SAML 2.0)",
  configuration: {
    ClientId: "0f5b7a52-3c1e-4b59-9f6a-2d1c7e8a9b10",
    ClientSecret: config.requireSecret("entraClientSecret"),
    TenantDomain: "contoso.onmicrosoft.com",
    RemoveLicensesWhenSkuIdEmpty: false,
    CREATE_USERS: true,
    DEPROVISION_USERS: true,
    REMOVE_ACTION: "Disable",
  },
});
