export { EstablishPage } from "./EstablishPage";
export { SubcommitteePage } from "./SubcommitteePage";
export { SubcommitteesPage } from "./SubcommitteesPage";
