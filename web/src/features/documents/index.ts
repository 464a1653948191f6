export { DocumentEditPage } from "./DocumentEditPage";
export { DocumentPage } from "./DocumentPage";
export { DocumentsPage } from "./DocumentsPage";
