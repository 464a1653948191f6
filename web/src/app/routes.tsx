import { createBrowserRouter } from "react-router";
import { Heading } from "@digdir/designsystemet-react";

export const router = createBrowserRouter([{ path: "*", element: <Heading level={1}>Arbeidsflaten</Heading> }], {
  basename: "/arbeid",
});
