export { CasePage } from "./CasePage";
export { CasesPage } from "./CasesPage";
export { RegisterCasePage } from "./RegisterCasePage";
