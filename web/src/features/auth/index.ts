export { useMe, useSignOut } from "./api";
export { DemoBanner } from "./DemoBanner";
export { RequireSignIn } from "./RequireSignIn";
export { SignInPage } from "./SignInPage";
