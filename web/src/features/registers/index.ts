export { BodyMembershipsPage } from "./BodyMembershipsPage";
export { OrganizationPage } from "./OrganizationPage";
export { OrganizationsPage } from "./OrganizationsPage";
export { PersonPage } from "./PersonPage";
export { PersonsPage } from "./PersonsPage";
export { RegistersPage } from "./RegistersPage";
