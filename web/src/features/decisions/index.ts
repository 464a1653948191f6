export { DecisionPage } from "./DecisionPage";
export { DecisionsPage } from "./DecisionsPage";
