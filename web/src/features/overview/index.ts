export { MyWorkPage } from "./MyWorkPage";
