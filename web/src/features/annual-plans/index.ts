export { AnnualPlansPage } from "./AnnualPlansPage";
