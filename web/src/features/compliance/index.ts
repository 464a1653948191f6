export { CompliancePage } from "./CompliancePage";
